public import IILogsCore

/// Per-image log activity over a recent window, folded into equal steps ending at `until`
/// (``LogStore/imageActivity(_:)``, `GET /v1/activity`).
///
/// Step `k` (0-based, oldest first) covers `[until - (steps - k) × step, until - (steps - k - 1) × step)`.
/// The steps are anchored at `until`, not at the wall clock, so the newest step is always a whole step long.
public struct ActivityQuery: Sendable, Hashable {
    /// Most steps one query may ask for (one column of a sparkline each).
    public static let maxSteps = 1440

    /// Exclusive end of the newest step.
    public var until: Timestamp
    public var step: Duration
    public var steps: Int

    public init(until: Timestamp, step: Duration, steps: Int) {
        self.until = until
        self.step = step
        self.steps = steps
    }

    /// Inclusive start of the oldest step.
    public var since: Timestamp { until.adding(nanoseconds: -step.totalNanoseconds * Int64(steps)) }

    public func validate() throws(StoreError) {
        if step <= .zero { throw StoreError(.invalidQuery, "step \(step) must be positive") }
        if steps < 1 || steps > Self.maxSteps {
            throw StoreError(.invalidQuery, "steps \(steps) must be between 1 and \(Self.maxSteps)")
        }
    }

    /// The step holding `time`, nil when `time` is outside the window.
    public func stepIndex(of time: Timestamp) -> Int? {
        guard time >= since, time < until else { return nil }
        let index = Int((time.nanosecondsSinceEpoch - since.nanosecondsSinceEpoch) / step.totalNanoseconds)
        return min(steps - 1, max(0, index))
    }
}
