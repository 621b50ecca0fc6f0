/// Why a block could not be decoded; `field` names what was wrong.
public struct LogBlockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The column or header field at fault (`checksum`, `messages.length`, `summary.severityCounts`, …).
    public var field: String
    /// What was wrong with it, with the values and limits involved.
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "log block \(field): \(problem)" }
}
