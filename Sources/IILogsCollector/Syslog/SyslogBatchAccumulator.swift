public import IILogsCore

/// Pending plain-syslog records grouped by identity; decides when a block is cut.
///
/// A block is cut when an identity has ``maxLines`` records, or when its oldest pending record has
/// waited ``maxAge``. Pure value type: the caller supplies the clock, so cuts are testable without sleeping.
public struct SyslogBatchAccumulator: Sendable {
    /// Records per block at most.
    public static let defaultMaxLines = 1_000
    /// Longest a record waits before its block is cut.
    public static let defaultMaxAge = Duration.seconds(1)

    /// A cut block: one identity and its records, oldest first.
    public struct Cut: Sendable, Hashable {
        public var identity: InstanceIdentity
        public var records: [LogRecord]
    }

    private struct Pending: Sendable {
        var identity: InstanceIdentity
        var records: [LogRecord]
        var since: ContinuousClock.Instant
    }

    public let maxLines: Int
    public let maxAge: Duration
    private var pending: [InstanceIdentity: Pending] = [:]

    public init(maxLines: Int = SyslogBatchAccumulator.defaultMaxLines, maxAge: Duration = SyslogBatchAccumulator.defaultMaxAge) {
        self.maxLines = max(1, maxLines)
        self.maxAge = maxAge
    }

    /// Records waiting, over all identities.
    public var pendingCount: Int { pending.values.reduce(0) { $0 + $1.records.count } }

    /// Adds `record`; returns the block to store when this identity reached ``maxLines``.
    public mutating func add(_ record: LogRecord, identity: InstanceIdentity, at now: ContinuousClock.Instant) -> Cut? {
        // One hash of the identity per line for a known sender; appended in place (copying the entry out
        // and back would copy its records on every line).
        guard let index = pending.index(forKey: identity) else {
            guard maxLines > 1 else { return Cut(identity: identity, records: [record]) }
            var records: [LogRecord] = []
            records.reserveCapacity(min(maxLines, 64))
            records.append(record)
            pending[identity] = Pending(identity: identity, records: records, since: now)
            return nil
        }
        pending.values[index].records.append(record)
        guard pending.values[index].records.count >= maxLines else { return nil }
        let full = pending.remove(at: index).value
        return Cut(identity: identity, records: full.records)
    }

    /// Removes and returns the blocks whose oldest record has waited ``maxAge`` by `now`.
    public mutating func cutDue(at now: ContinuousClock.Instant) -> [Cut] {
        let due = pending.values.filter { now - $0.since >= maxAge }
        for entry in due { pending[entry.identity] = nil }
        return due.map { Cut(identity: $0.identity, records: $0.records) }
    }

    /// Removes and returns the pending blocks of `identities` (a closing connection's senders).
    public mutating func cut(_ identities: Set<InstanceIdentity>) -> [Cut] {
        identities.compactMap { identity in
            pending.removeValue(forKey: identity).map { Cut(identity: identity, records: $0.records) }
        }
    }

    /// Removes and returns every pending block (shutdown).
    public mutating func cutAll() -> [Cut] {
        let all = pending.values.map { Cut(identity: $0.identity, records: $0.records) }
        pending.removeAll()
        return all
    }
}
