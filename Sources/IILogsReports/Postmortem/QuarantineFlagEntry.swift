/// A quarantine flag raised by a rule, with the evidence that triggered it.
public struct QuarantineFlagEntry: Codable, Sendable, Hashable {
    public var rule: String
    /// What the rule did (`quarantine`, `flag`, `notify`).
    public var action: String
    public var reason: String
    public var time: String
    /// The log lines (as printed by `iilogs query`) that matched the rule.
    public var evidence: [String]
    /// `TIME: reason` once the flag was released; nil while it is open.
    public var released: String?

    public init(rule: String, action: String, reason: String, time: String, evidence: [String], released: String? = nil) {
        self.rule = rule
        self.action = action
        self.reason = reason
        self.time = time
        self.evidence = evidence
        self.released = released
    }
}
