import Dispatch
import FoundationEssentials
import IILogsCore
@testable import IILogsStore
import Synchronization
import Testing

@Suite("SQLiteStore group commit")
struct SQLiteStoreGroupCommitTests {
    /// Collects what each grouped write delivered.
    final class Outcomes: Sendable {
        let values = Mutex<[Int: Result<AppendOutcome, StoreError>]>([:])
        func write(_ index: Int, _ body: @escaping @Sendable (SQLiteWriter) throws(StoreError) -> AppendOutcome) -> PendingWrite<AppendOutcome> {
            PendingWrite(body) { result in self.values.withLock { $0[index] = result } }
        }
        var delivered: [AppendOutcome?] {
            values.withLock { values in (0..<values.count).map { try? values[$0]?.get() } }
        }
    }

    @Test func oneGroupKeepsPerWriteOutcomes() throws {
        let folder = TemporaryStoreFolder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: folder.path + "/" + SQLiteStore.fileName, readOnly: false)
        try SQLiteSchema.migrate(db, now: 0)
        let writer = SQLiteWriter(db: db)
        let first = batch(identity("i-a"), sequence: 1, records: lines([(1, "one")]))
        let second = batch(identity("i-a"), sequence: 2, records: lines([(2, "two")]))
        let outcomes = Outcomes()
        // Given a duplicate and a failing write inside the group, each write still gets its own outcome
        writer.commit(group: [
            outcomes.write(0) { writer throws(StoreError) in try writer.appendInTransaction(first) },
            outcomes.write(1) { writer throws(StoreError) in try writer.appendInTransaction(first) },
            outcomes.write(2) { _ throws(StoreError) in throw StoreError(.io, "this write fails alone") },
            outcomes.write(3) { writer throws(StoreError) in try writer.appendInTransaction(second) },
        ])
        #expect(outcomes.delivered == [.stored, .duplicate, nil, .stored])
        #expect(writer.groupTransactions == 1)
        // And a closed connection fails every write of the group
        db.close()
        let failed = Outcomes()
        writer.commit(group: [failed.write(0) { writer throws(StoreError) in try writer.appendInTransaction(second) }])
        #expect(failed.values.withLock { $0.count } == 1)
        #expect(failed.delivered == [nil])
    }

    @Test func streamOpeningsAppendsAndFlagsWaitingTogetherShareOneTransaction() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        // Given the writer busy (a block holding its queue) while ten callers open streams or append and one records a flag
        let gate = DispatchSemaphore(value: 0)
        let holding = Mutex(false)
        _ = try await store.openStream(identity: identity("i-flagged"), streamID: 7, at: T.s(0))
        let before = try await store.write { writer in writer.groupTransactions }
        let hold = Task { try await store.write { _ in holding.withLock { $0 = true }; gate.wait() } }
        try await waitUntil { holding.withLock { $0 } }
        let opened = (0..<5).map { index in
            Task { try await store.openStream(identity: identity("i-\(index)"), streamID: 7, at: T.s(0)) }
        }
        let appended = (5..<10).map { index in
            Task { try await store.append(batch(identity("i-\(index)"), sequence: 1, records: lines([(1, "line \(index)")]))) }
        }
        let flagged = Task {
            try await store.recordFlags([StoredFlag(instanceID: "i-flagged", imageVersion: "v1", rule: "oom-kill", kind: "log_pattern",
                                                    action: "quarantine", time: T.s(1), reason: "Out of memory")])
        }
        try await waitUntil { store.pendingWrites.withLock { $0.waiting.count } == 11 }
        gate.signal()
        try await hold.value
        // Then all of them are committed by one transaction, each with its own outcome
        for task in opened { #expect(try await task.value == 0) }
        for task in appended { #expect(try await task.value == .stored) }
        #expect(try await flagged.value.count { (try? $0.get()) != nil } == 1)
        let after = try await store.write { writer in writer.groupTransactions }
        #expect(after - before == 1)
        #expect(try await store.instances(InstanceFilter(now: T.s(10), lostAfter: .seconds(60))).count == 11)
        #expect(try await store.flags(FlagFilter(instanceID: "i-flagged")).count == 1)
        // And a stream opened again reports what the group stored
        #expect(try await store.openStream(identity: identity("i-5"), streamID: 7, at: T.s(1)) == 1)
        await store.close()
    }

    /// Polls `condition` every 10 ms for at most 60 s.
    private func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
