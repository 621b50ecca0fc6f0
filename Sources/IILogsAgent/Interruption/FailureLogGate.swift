/// Lets through at most one log line per interval about a repeating failure and counts the ones held back (pure).
public struct FailureLogGate: Sendable {
    /// Shortest time between two lines.
    public var interval: Duration
    var lastLogged: ContinuousClock.Instant?
    var suppressed = 0

    /// A gate that opens once per `interval`.
    public init(interval: Duration) {
        self.interval = interval
    }

    /// Whether to log a failure seen at `now`; when true, also how many were held back since the last line.
    public mutating func admit(at now: ContinuousClock.Instant) -> (log: Bool, suppressed: Int) {
        if let lastLogged, now < lastLogged.advanced(by: interval) {
            suppressed += 1
            return (false, 0)
        }
        defer { suppressed = 0 }
        lastLogged = now
        return (true, suppressed)
    }
}
