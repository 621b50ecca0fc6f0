public import IILogsStore
import Synchronization

/// What compaction passes did since the collector started, for `/metrics` (`iilogs_compaction_*`).
public final class CompactionCounters: Sendable {
    /// Totals over every pass.
    public struct Snapshot: Sendable, Hashable {
        /// Passes that ran to the end, and passes the store failed (logged; the next one retries).
        public var passes = 0
        public var failedPasses = 0
        /// The passes' outcomes added up (``CompactionOutcome/instancesExamined`` and the rest).
        public var totals = CompactionOutcome()

        public init() {}
    }

    private let totals = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { totals.withLock { $0 } }

    /// Adds a pass that ran to the end.
    func passed(_ outcome: CompactionOutcome) {
        totals.withLock {
            $0.passes += 1
            $0.totals.add(outcome)
        }
    }

    /// Adds a pass the store failed.
    func failed() {
        totals.withLock { $0.failedPasses += 1 }
    }
}
