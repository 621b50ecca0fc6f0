/// A setting that cannot be used: names the key as the flags and docs do, what is wrong, and what is allowed
/// (`spool.maxBytes must be at least 1MiB, got 10KiB`). Shared by the agent's and the collector's settings.
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting's key as documented (`spool.maxBytes`, `maxFrameBytes`).
    public var key: String
    /// What is wrong with it and what is allowed.
    public var problem: String

    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "\(key) \(problem)" }
}
