/// `log_pattern`: fires when at least `threshold` matching lines arrive within `window`.
public struct LogPatternCondition: Sendable, Hashable {
    public var match: LogMatch
    public var window: Duration
    /// Matching lines within the window needed to fire (≥ 1).
    public var threshold: Int

    public init(match: LogMatch, window: Duration, threshold: Int) {
        self.match = match
        self.window = window
        self.threshold = threshold
    }
}
