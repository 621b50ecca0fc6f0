import IILogsCore

/// Jittered exponential backoff ("full jitter" over a capped exponential, as AWS's architecture blog
/// describes): attempt n waits a random duration in [min, min(max, min·2ⁿ)].
///
/// The random source is injected so tests are deterministic.
public struct Backoff: Sendable {
    /// Shortest wait (and the lower bound of every wait).
    public var minimum: Duration
    /// Longest wait.
    public var maximum: Duration

    /// Creates a backoff; `maximum` is raised to `minimum` if lower.
    public init(minimum: Duration = .milliseconds(100), maximum: Duration = .seconds(30)) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// The exponential ceiling for `attempt` (0-based) before jitter.
    public func ceiling(attempt: Int) -> Duration {
        let minNanos = max(1, minimum.totalNanoseconds)
        let maxNanos = maximum.totalNanoseconds
        let shift = min(max(attempt, 0), 62)
        let (scaled, overflow) = minNanos.multipliedReportingOverflow(by: Int64(1) << shift)
        return .nanoseconds(overflow ? maxNanos : min(scaled, maxNanos))
    }

    /// The wait before retry `attempt` (0-based), uniformly jittered between `minimum` and the ceiling.
    public func delay(attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let low = minimum.totalNanoseconds
        let high = ceiling(attempt: attempt).totalNanoseconds
        guard high > low else { return .nanoseconds(low) }
        return .nanoseconds(Int64.random(in: low...high, using: &random))
    }

    /// The wait after a refusal that retrying soon cannot fix (bad token, unsupported version): the maximum.
    public var refusalDelay: Duration { maximum }
}
