internal import Dispatch
import IILogsCore
import Synchronization

/// A write that waits for the writer's next group transaction (group commit).
///
/// ``perform(_:)`` runs inside the open transaction, in a savepoint of its own, so one failing write rolls back
/// alone; ``finish(committed:)`` runs after COMMIT (or after the transaction failed, or never began) and hands the
/// caller its outcome. Both run on the writer queue, one after the other.
protocol GroupedWrite: AnyObject, Sendable {
    func perform(_ writer: SQLiteWriter)
    func finish(committed: Result<Void, StoreError>)
}

/// A ``GroupedWrite`` running `body` and delivering its result, or the transaction's failure, once the commit is known.
final class PendingWrite<T: Sendable>: GroupedWrite, @unchecked Sendable {
    private let body: @Sendable (SQLiteWriter) throws(StoreError) -> T
    private let deliver: @Sendable (Result<T, StoreError>) -> Void
    /// Written by `perform`, read by `finish`: both on the writer queue (hence `@unchecked Sendable`).
    private var outcome: Result<T, StoreError>?

    init(_ body: @escaping @Sendable (SQLiteWriter) throws(StoreError) -> T, deliver: @escaping @Sendable (Result<T, StoreError>) -> Void) {
        self.body = body
        self.deliver = deliver
    }

    func perform(_ writer: SQLiteWriter) {
        outcome = writer.inSavepoint(body)
    }

    func finish(committed: Result<Void, StoreError>) {
        switch committed {
        case .failure(let error):
            deliver(.failure(error))
        case .success:
            deliver(outcome ?? .failure(StoreError(.io, "write was committed without having run")))
        }
    }
}

/// Writes waiting for the writer, committed together.
///
/// Each grouped call enqueues a ``GroupedWrite``; the first one to find the queue idle schedules a drain on the
/// writer's serial queue. A drain takes up to ``SQLiteStore/maxWritesPerCommit`` waiting writes, runs them in one
/// transaction (a savepoint each) and finishes every one only after COMMIT — so one fsync covers many batches and
/// stream openings, and `.stored` still means durable.
struct PendingWrites: ~Copyable {
    var waiting: [any GroupedWrite] = []
    /// True while a drain is scheduled or running.
    var draining = false
}

extension SQLiteWriter {
    /// Runs `writes` in one transaction, each in its own savepoint, then tells each whether the transaction committed.
    func commit(group writes: [any GroupedWrite]) {
        groupTransactions += 1
        let committed = Result { () throws(StoreError) in
            try transaction { () throws(StoreError) in
                for write in writes { write.perform(self) }
            }
        }
        for write in writes { write.finish(committed: committed) }
    }

    /// Runs `body` inside a savepoint of the open transaction: a failing body rolls back its own changes (and the
    /// caches, which may hold keys it inserted), never the other writes of the group.
    func inSavepoint<T>(_ body: (SQLiteWriter) throws(StoreError) -> T) -> Result<T, StoreError> {
        do throws(StoreError) {
            try db.execute("SAVEPOINT grouped_write")
            let result = try body(self)
            try db.execute("RELEASE grouped_write")
            return .success(result)
        } catch {
            try? db.execute("ROLLBACK TO grouped_write")
            try? db.execute("RELEASE grouped_write")
            imageKeys.removeAll()
            instances.removeAll()
            return .failure(error)
        }
    }
}

extension SQLiteStore {
    /// Most writes (batches, stream openings, flag groups) committed by one transaction.
    public static let maxWritesPerCommit = 64

    /// Runs `body` in the writer's next group transaction, in a savepoint of its own, and returns its result only
    /// after that transaction's COMMIT: many callers share one fsync.
    func grouped<T: Sendable>(_ body: @escaping @Sendable (SQLiteWriter) throws(StoreError) -> T) async throws(StoreError) -> T {
        guard !isClosed.withLock({ $0 }) else { throw StoreError(.closed, "store \(path) is closed") }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            let write = PendingWrite(body) { continuation.resume(returning: $0) }
            let scheduleDrain = pendingWrites.withLock { pending in
                pending.waiting.append(write)
                guard !pending.draining else { return false }
                pending.draining = true
                return true
            }
            if scheduleDrain { writeQueue.async { [self] in drainWrites() } }
        }
        return try result.get()
    }

    /// Runs on the writer queue: commits one group, then reschedules itself while writes are waiting, so other
    /// writer work (compaction, retention) queued meanwhile gets its turn.
    private func drainWrites() {
        let group: [any GroupedWrite] = pendingWrites.withLock { pending in
            let taken = Array(pending.waiting.prefix(Self.maxWritesPerCommit))
            pending.waiting.removeFirst(taken.count)
            return taken
        }
        // Writes enqueued before `close()` still run: the close block runs after this one.
        if let writer {
            if !group.isEmpty { writer.commit(group: group) }
        } else {
            let readOnly = StoreError(.unavailable, "store \(path) was opened read-only")
            for write in group { write.finish(committed: .failure(readOnly)) }
        }
        let more = pendingWrites.withLock { pending in
            if pending.waiting.isEmpty { pending.draining = false }
            return pending.draining
        }
        if more { writeQueue.async { [self] in drainWrites() } }
    }
}
