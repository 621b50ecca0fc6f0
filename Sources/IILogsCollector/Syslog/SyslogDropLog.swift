/// Decides when to log UDP datagrams dropped over the rate limit, so a flood writes a few log lines, not
/// one per datagram: the first drop is reported at once, later ones at most once per ``interval``, summed
/// with the senders they came from. Every drop is counted in the metrics regardless.
///
/// Drops after the last report are reported with the next one, or by ``flush()`` when the listener stops.
struct SyslogDropLog {
    /// Drops since the previous report.
    struct Report: Sendable, Hashable {
        var dropped: Int
        /// Sender addresses, at most ``SyslogDropLog/maxSendersNamed``.
        var senders: Set<String>
        /// True when more senders dropped datagrams than are named.
        var moreSenders: Bool
    }

    /// Senders named in one report (bounded memory and log line length under a spoofed-address flood).
    static let maxSendersNamed = 8

    let interval: Duration
    private var lastReport: ContinuousClock.Instant?
    private var pending = Report(dropped: 0, senders: [], moreSenders: false)

    init(interval: Duration) {
        self.interval = interval
    }

    /// Records one drop from `sender` at `now`; returns the report to log now, if one is due.
    mutating func dropped(sender: String, at now: ContinuousClock.Instant) -> Report? {
        pending.dropped += 1
        if pending.senders.count < Self.maxSendersNamed {
            pending.senders.insert(sender)
        } else if !pending.senders.contains(sender) {
            pending.moreSenders = true
        }
        if let lastReport, now - lastReport < interval { return nil }
        lastReport = now
        return take()
    }

    /// The drops not reported yet, if any.
    mutating func flush() -> Report? {
        pending.dropped > 0 ? take() : nil
    }

    private mutating func take() -> Report {
        defer { pending = Report(dropped: 0, senders: [], moreSenders: false) }
        return pending
    }
}
