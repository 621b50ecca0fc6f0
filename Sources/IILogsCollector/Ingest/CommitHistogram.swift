import Synchronization

/// A histogram of batch commit durations with fixed Prometheus-style buckets (one short lock per
/// observation: commits come in hundreds per second, not millions).
///
/// Observations are counted in the first bucket whose upper bound is at least the value; the
/// snapshot returns cumulative counts, as the Prometheus text format wants them.
public final class CommitHistogram: Sendable {
    /// Upper bounds in seconds: 0.5 ms to 2.5 s, then +Inf (implicit).
    public static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct State {
        /// Per-bucket counts (not cumulative), one more than the bounds for +Inf.
        var counts = [Int](repeating: 0, count: CommitHistogram.bucketBounds.count + 1)
        var sumNanoseconds = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Records one commit that took `duration`.
    public func observe(_ duration: Duration) {
        let nanoseconds = max(0, Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000))
        let seconds = Double(nanoseconds) / 1e9
        let index = Self.bucketBounds.firstIndex(where: { seconds <= $0 }) ?? Self.bucketBounds.count
        state.withLock {
            $0.counts[index] += 1
            $0.sumNanoseconds += nanoseconds
        }
    }

    /// Cumulative counts per bound (the last entry is +Inf, equal to the total count) and the sum in seconds.
    public func snapshot() -> Snapshot {
        let (counts, sum) = state.withLock { ($0.counts, $0.sumNanoseconds) }
        var cumulative: [Int] = []
        var running = 0
        for count in counts {
            running += count
            cumulative.append(running)
        }
        return Snapshot(cumulativeCounts: cumulative, sumSeconds: Double(sum) / 1e9)
    }

    /// What ``snapshot()`` returns.
    public struct Snapshot: Sendable, Hashable {
        /// One count per ``CommitHistogram/bucketBounds`` entry plus a final +Inf count.
        public var cumulativeCounts: [Int]
        public var sumSeconds: Double
        /// Observations in total.
        public var count: Int { cumulativeCounts.last ?? 0 }
    }
}
