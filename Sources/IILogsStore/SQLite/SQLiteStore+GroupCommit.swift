internal import Dispatch
import IILogsCore
import Synchronization

/// Appends waiting for the writer, committed together (group commit).
///
/// Each `append` enqueues its batch and a continuation; the first one to find the queue idle schedules a
/// drain on the writer's serial queue. A drain takes up to ``SQLiteStore/maxBatchesPerCommit`` waiting
/// batches, stores them in one transaction (a savepoint each) and resumes every continuation only
/// after COMMIT — so one fsync covers many batches, and `.stored` still means durable.
struct PendingAppends: ~Copyable {
    typealias Waiter = (batch: IngestBatch, continuation: CheckedContinuation<Result<AppendOutcome, StoreError>, Never>)
    var waiting: [Waiter] = []
    /// True while a drain is scheduled or running.
    var draining = false
}

extension SQLiteStore {
    /// Most batches stored by one transaction.
    public static let maxBatchesPerCommit = 64

    func enqueueAppend(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome {
        guard !isClosed.withLock({ $0 }) else { throw StoreError(.closed, "store \(path) is closed") }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<AppendOutcome, StoreError>, Never>) in
            let scheduleDrain = pendingAppends.withLock { pending in
                pending.waiting.append((batch, continuation))
                guard !pending.draining else { return false }
                pending.draining = true
                return true
            }
            if scheduleDrain { writeQueue.async { [self] in drainAppends() } }
        }
        return try result.get()
    }

    /// Runs on the writer queue: commits one group, then reschedules itself while batches are waiting,
    /// so other writer work (`openStream`) queued meanwhile gets its turn.
    private func drainAppends() {
        let group: [PendingAppends.Waiter] = pendingAppends.withLock { pending in
            let taken = Array(pending.waiting.prefix(Self.maxBatchesPerCommit))
            pending.waiting.removeFirst(taken.count)
            return taken
        }
        let results: [Result<AppendOutcome, StoreError>]
        // Batches enqueued before `close()` are still committed: the close block runs after this one.
        if let writer {
            results = group.isEmpty ? [] : writer.append(group: group.map(\.batch))
        } else {
            results = group.map { _ in .failure(StoreError(.unavailable, "store \(path) was opened read-only")) }
        }
        for (waiter, result) in zip(group, results) { waiter.continuation.resume(returning: result) }
        let more = pendingAppends.withLock { pending in
            if pending.waiting.isEmpty { pending.draining = false }
            return pending.draining
        }
        if more { writeQueue.async { [self] in drainAppends() } }
    }
}
