/// A collector setting that cannot be used; `key` names it as flags and docs/CONFIG.md do.
public struct CollectorSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting's name (`maxFrameBytes`, `agentListen`, …).
    public var key: String
    /// What is wrong and what is allowed.
    public var problem: String

    /// An error for `key`.
    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "\(key) \(problem)" }
}
