public import IILogsCore

/// A rule fired for an instance. The collector stores it, marks the instance quarantined when
/// `action == .quarantine`, serves it over HTTP and sends it to webhooks.
public struct Flag: Sendable, Hashable, Codable {
    /// The rule's name from the rule file.
    public var rule: String
    public var kind: RuleKind
    public var action: RuleAction
    public var instanceID: String
    public var imageVersion: String
    /// What the rule fired for within the instance: the service of a `crash_loop` on restarts
    /// (`nginx.service`), the series of a `metric_threshold` (`mount=/`); empty otherwise.
    public var key: String
    /// When it fired: the triggering record's time, or the `tick(now:)` time for time-based rules.
    public var time: Timestamp
    /// The reason in words: `1 line matching "Out of memory: Killed process" in 5m (threshold 1)`.
    public var reason: String
    /// The records behind it, oldest first, at most ``EngineLimits/maxEvidencePerFlag``.
    public var evidence: [Evidence]

    public init(rule: String, kind: RuleKind, action: RuleAction, instanceID: String, imageVersion: String,
                key: String = "", time: Timestamp, reason: String, evidence: [Evidence]) {
        self.rule = rule
        self.kind = kind
        self.action = action
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.key = key
        self.time = time
        self.reason = reason
        self.evidence = evidence
    }
}
