public import IILogsCore

/// What one retention pass deletes: log and metric chunks whose newest record is older than `cutoff`,
/// except those of pinned instances (``RetentionPin``). Registry rows, lifecycle events and flags are
/// kept (they are small and a post-mortem's timeline needs them); delivery counters stay as received.
public struct RetentionPolicy: Sendable, Hashable {
    /// Chunks whose newest record (`max_time`) is before this go.
    public var cutoff: Timestamp
    /// The clock that decides which instances are lost, with `lostAfter`.
    public var now: Timestamp
    /// Silence after which a running instance counts as lost (the collector's `--lost-after`).
    public var lostAfter: Duration
    /// Most chunks deleted in one write transaction, so ingest is never held up long by a large backlog.
    public var maxChunksPerTransaction: Int

    /// Default ``maxChunksPerTransaction``.
    public static let defaultMaxChunksPerTransaction = 2_000

    public init(cutoff: Timestamp, now: Timestamp, lostAfter: Duration,
                maxChunksPerTransaction: Int = RetentionPolicy.defaultMaxChunksPerTransaction) {
        self.cutoff = cutoff
        self.now = now
        self.lostAfter = lostAfter
        self.maxChunksPerTransaction = max(1, maxChunksPerTransaction)
    }
}

/// What a retention pass did.
public struct RetentionOutcome: Sendable, Hashable {
    public var logChunksDeleted = 0
    public var linesDeleted = 0
    public var metricChunksDeleted = 0
    /// Write transactions used.
    public var transactions = 0
    /// Instances whose data is kept past the cutoff, and why.
    public var pinned: [String: RetentionPin] = [:]

    public init() {}
}

/// Why an instance's data outlives normal retention.
///
/// - `quarantined`: a quarantine (a rule's or a deployer's) not released yet — even once the instance
///   is terminated, because quarantine exists to keep the evidence. Releasing it ends the pin.
/// - `lost`: it went silent without saying goodbye and nobody has looked yet: no release
///   (`iilogs quarantine release`) since it went silent. A release, or a deployer's `terminated`, ends the pin.
///
/// Once the pin ends, the normal clock applies: the next pass deletes whatever is past the cutoff.
public enum RetentionPin: String, Sendable, Hashable, Codable {
    case quarantined
    case lost

    /// The pin an instance with these facts has at `now`; nil when the normal clock applies.
    package static func of(_ facts: InstanceStateRules.Facts, now: Timestamp, lostAfter: Duration) -> RetentionPin? {
        if let quarantined = facts.quarantinedAt, facts.releasedAt.map({ $0 < quarantined }) ?? true { return .quarantined }
        guard InstanceStateRules.state(facts, now: now, lostAfter: lostAfter) == .lost else { return nil }
        if let released = facts.releasedAt, released >= facts.lastSeen { return nil }
        return .lost
    }
}

extension RetentionPin {
    /// The pin of an instance with these lifecycle `events` (any order), last seen at `lastSeen`; nil when
    /// the normal clock applies. The same rules as the store's, over events instead of registry columns.
    public static func of(events: [StoredEvent], lastSeen: Timestamp, now: Timestamp, lostAfter: Duration) -> RetentionPin? {
        var facts = InstanceStateRules.Facts(lastSeen: lastSeen.nanosecondsSinceEpoch)
        for event in events { facts.apply(event) }
        return of(facts, now: now, lostAfter: lostAfter)
    }
}
