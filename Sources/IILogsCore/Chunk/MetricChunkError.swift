/// Why a metric chunk could not be decoded; `field` names what was wrong.
public struct MetricChunkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The header field or column at fault (`formatVersion`, `checksum`, `count`, `times`, `values`, …).
    public var field: String
    /// What was wrong with it, with the values and limits involved.
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "metric chunk \(field): \(problem)" }
}
