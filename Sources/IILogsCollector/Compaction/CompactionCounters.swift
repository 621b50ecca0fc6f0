public import IILogsStore
import Synchronization

/// What compaction passes did since the collector started, for `/metrics` (`iilogs_compaction_*`).
public final class CompactionCounters: Sendable {
    /// Totals over every pass.
    public struct Snapshot: Sendable, Hashable {
        /// Passes that ran to the end, and passes the store failed (logged; the next one retries).
        public var passes = 0
        public var failedPasses = 0
        /// Sums of ``CompactionOutcome``'s fields.
        public var chunksMerged = 0
        public var chunksWritten = 0
        public var linesRewritten = 0
        public var bytesBefore = 0
        public var bytesAfter = 0
        public var corruptChunksSkipped = 0

        public init() {}
    }

    private let totals = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { totals.withLock { $0 } }

    /// Adds a pass that ran to the end.
    func passed(_ outcome: CompactionOutcome) {
        totals.withLock {
            $0.passes += 1
            $0.chunksMerged += outcome.chunksMerged
            $0.chunksWritten += outcome.chunksWritten
            $0.linesRewritten += outcome.linesRewritten
            $0.bytesBefore += outcome.bytesBefore
            $0.bytesAfter += outcome.bytesAfter
            $0.corruptChunksSkipped += outcome.corruptChunksSkipped
        }
    }

    /// Adds a pass the store failed.
    func failed() {
        totals.withLock { $0.failedPasses += 1 }
    }
}
