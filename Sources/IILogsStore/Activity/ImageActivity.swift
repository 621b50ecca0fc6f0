public import IILogsCore

/// Log lines of one image version per step of an ``ActivityQuery``.
///
/// Counts come from the chunk index, not from decoding lines: a chunk counts whole in the step that holds its
/// `max_time` (its newest line). Chunks are short (an agent batch spans about its flush interval, ≤ 1 s by
/// default), so a line lands at most one chunk's span after its own step.
public struct ImageActivity: Sendable, Hashable {
    public var imageVersion: String
    /// Lines per step, oldest step first (`steps` values).
    public var lines: [Int]
    /// Lines of severity `err` or worse per step.
    public var errorLines: [Int]

    public init(imageVersion: String, lines: [Int], errorLines: [Int]) {
        self.imageVersion = imageVersion
        self.lines = lines
        self.errorLines = errorLines
    }

    /// Zeros for every step.
    public init(imageVersion: String, steps: Int) {
        self.init(imageVersion: imageVersion, lines: Array(repeating: 0, count: steps), errorLines: Array(repeating: 0, count: steps))
    }

    /// Lines of `err` or worse among per-severity counts indexed by ``Severity/rawValue``.
    public static func errorCount(_ severityCounts: [UInt32]) -> Int {
        severityCounts.prefix(Int(Severity.error.rawValue) + 1).reduce(0) { $0 + Int($1) }
    }
}
