import Synchronization

/// Records per second per instance, enforced by slowing an instance down rather than dropping anything.
/// The key is an instance ID for agents; the plain-syslog listeners use one limiter keyed by sender address
/// (``SyslogIngestServer``), where UDP, which cannot be slowed down, asks ``admits(key:records:now:)`` instead.
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
    /// Keys tracked before idle ones are forgotten (bounded memory over a changing fleet or many senders).
    static let maxTrackedKeys = 100_000

    public init(recordsPerSecond: Int, burst: Duration = .seconds(10), maxWait: Duration = .seconds(30)) {
        self.recordsPerSecond = Double(max(1, recordsPerSecond))
        self.burst = burst
        self.maxWait = maxWait
    }

    /// How long a batch of `records` of `instanceID` arriving at `now` (seconds on any monotonic clock)
    /// must wait before it is stored; zero within the rate. The batch is accounted for as admitted after the wait.
    public func delay(instanceID: String, records: Int, now: Double) -> Duration {
        let burstSeconds = Self.seconds(burst)
        let maxWaitSeconds = Self.seconds(maxWait)
        return arrivals.withLock { tats in
            Self.forgetIdle(&tats, now: now)
            let tat = max(tats[instanceID] ?? now, now)
            let wait = min(max(0, tat - burstSeconds - now), maxWaitSeconds)
            tats[instanceID] = tat + Double(max(0, records)) / recordsPerSecond
            return wait == 0 ? .zero : .nanoseconds(Int64(wait * 1e9))
        }
    }

    /// True when `records` of `key` arriving at `now` are within the rate (they are then accounted for);
    /// false when they would have to wait, and are not accounted for: for senders that cannot be slowed
    /// down (UDP), whose excess is dropped, so a flood does not push back what it may send once it calms.
    public func admits(key: String, records: Int, now: Double) -> Bool {
        let burstSeconds = Self.seconds(burst)
        return arrivals.withLock { tats in
            Self.forgetIdle(&tats, now: now)
            let tat = max(tats[key] ?? now, now)
            guard tat - burstSeconds <= now else { return false }
            tats[key] = tat + Double(max(0, records)) / recordsPerSecond
            return true
        }
    }

    /// Beyond ``maxTrackedKeys`` keys, forgets those whose arrival time has passed (they behave exactly as
    /// unknown keys); if that is not enough (a flood of distinct, e.g. forged UDP, source addresses) forgets
    /// all, so memory and the cost of a call stay bounded.
    private static func forgetIdle(_ tats: inout [String: Double], now: Double) {
        guard tats.count > maxTrackedKeys else { return }
        tats = tats.filter { $0.value > now }
        if tats.count > maxTrackedKeys / 2 { tats.removeAll(keepingCapacity: true) }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
