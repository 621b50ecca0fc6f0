import Synchronization

/// Records per second per instance, enforced by slowing an instance down rather than dropping anything.
///
/// A generic cell rate algorithm (GCRA): each instance has a theoretical arrival time `tat`; a batch of
/// `n` records may be stored once `now >= tat − burst`, and then moves `tat` on by `n / rate`. An instance
/// within its rate never waits; one above it waits before its batch is stored and acknowledged, so its
/// agent's in-flight window fills, it stops sending and keeps the rest in its disk spool. Nothing is
/// dropped; every wait is counted (``CollectorCounters``). Shared by every connection, so reconnecting
/// does not reset an instance's budget.
public final class IngestRateLimiter: Sendable {
    /// Sustained records per second per instance.
    public let recordsPerSecond: Double
    /// How far ahead of the sustained rate an instance may run (its burst is `recordsPerSecond × burst`).
    public let burst: Duration
    /// Longest single wait; an instance far over its rate waits this long per batch.
    public let maxWait: Duration
    private let arrivals = Mutex<[String: Double]>([:])
    /// Entries idle this long are forgotten (bounded memory over a changing fleet).
    static let forgetAfterSeconds = 3600.0

    public init(recordsPerSecond: Int, burst: Duration = .seconds(10), maxWait: Duration = .seconds(30)) {
        self.recordsPerSecond = Double(max(1, recordsPerSecond))
        self.burst = burst
        self.maxWait = maxWait
    }

    /// How long a batch of `records` of `instanceID` arriving at `now` (seconds on any monotonic clock)
    /// must wait before it is stored; zero within the rate. The batch is accounted for as admitted after the wait.
    public func delay(instanceID: String, records: Int, now: Double) -> Duration {
        let burstSeconds = Double(burst.components.seconds) + Double(burst.components.attoseconds) / 1e18
        let maxWaitSeconds = Double(maxWait.components.seconds) + Double(maxWait.components.attoseconds) / 1e18
        return arrivals.withLock { tats in
            if tats.count > 100_000 { tats = tats.filter { $0.value > now - Self.forgetAfterSeconds } }
            let tat = max(tats[instanceID] ?? now, now)
            let wait = min(max(0, tat - burstSeconds - now), maxWaitSeconds)
            tats[instanceID] = tat + Double(max(0, records)) / recordsPerSecond
            return wait == 0 ? .zero : .nanoseconds(Int64(wait * 1e9))
        }
    }
}
