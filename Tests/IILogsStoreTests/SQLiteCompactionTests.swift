import IILogsCore
import Testing
@testable import IILogsStore

@Suite struct CompactionPlannerTests {
    static func chunk(_ id: Int64, lines: Int = 10, image: Int64 = 1, from: Int64 = 0, to: Int64 = 0, bytes: Int = 1_000) -> CompactionPlanner.Candidate {
        .init(id: id, imageKey: image, minTime: from, maxTime: to, lineCount: lines, uncompressedBytes: bytes)
    }

    @Test func consecutiveChunksAreGroupedUpToTheTargetLines() {
        let policy = CompactionPolicy(horizon: 100, targetLines: 25)
        let runs = CompactionPlanner.runs((1...7).map { Self.chunk($0) }, policy: policy)
        // 10 + 10 fit, a third would make 30: runs of two, and the seventh chunk is alone
        #expect(runs.map { $0.map(\.id) } == [[1, 2], [3, 4], [5, 6]])
    }

    @Test func aRunEndsAtAnotherImageTheByteTargetAndTheMaximumSpan() {
        let hour: Int64 = 3_600_000_000_000
        let policy = CompactionPolicy(horizon: 100, targetLines: 1_000, targetUncompressedBytes: 2_500, maxSpan: .seconds(3600))
        let chunks = [
            Self.chunk(1), Self.chunk(2), Self.chunk(3, image: 2), Self.chunk(4, image: 2),  // image changes after 2
            Self.chunk(5), Self.chunk(6), Self.chunk(7),  // 3 × 1,000 B > 2,500: runs of two
            Self.chunk(8, from: 0, to: hour), Self.chunk(9, from: hour, to: hour + 1),  // 9 would span more than an hour
            Self.chunk(10, from: hour, to: hour + 1),
        ]
        let runs = CompactionPlanner.runs(chunks, policy: policy)
        #expect(runs.map { $0.map(\.id) } == [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    }

    @Test func aChunkThatAloneExceedsATargetIsNeverInARun() {
        let policy = CompactionPolicy(horizon: 100, targetLines: 100, maxSpan: .seconds(1))
        let runs = CompactionPlanner.runs([Self.chunk(1, lines: 150), Self.chunk(2, to: 5_000_000_000), Self.chunk(3), Self.chunk(4)], policy: policy)
        #expect(runs.map { $0.map(\.id) } == [[3, 4]])
    }
}

/// SQLite-only cases that reach into the store's steps; what both stores do is in StoreConformanceTests/CompactionConformanceTests.
@Suite struct SQLiteCompactionTests {
    /// `count` five-line batches for `instance`, one second apart.
    func seed(_ store: SQLiteStore, _ instance: String, batches count: Int) async throws {
        for b in 0..<count {
            let records = lines((0..<5).map { l in (Double(b) + Double(l) / 100, "\(instance) batch \(b) line \(l)") })
            #expect(try await store.append(batch(identity(instance), sequence: UInt64(b + 1), records: records, receivedAt: T.s(Double(b)))) == .stored)
        }
    }

    func chunkCount(_ store: SQLiteStore) async throws -> Int {
        try await store.read { db throws(StoreError) in
            let select = try db.prepare("SELECT count(*) FROM chunks")
            defer { select.finalize() }
            _ = try select.step()
            return select.int(0)
        }
    }

    @Test func aRunWhoseChunkWentWhileItWasMergedIsNotWritten() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, "i-a", batches: 4)
        // Given a run merged while retention deleted one of its chunks
        let policy = CompactionPolicy(horizon: try await store.compactionHorizon())
        let run = try await store.read { db throws(StoreError) in try SQLiteCompaction.smallChunks(db: db, instanceKey: 1, policy: policy) }
        let merge = try await store.read { db throws(StoreError) in
            try SQLiteCompaction.merge(db: db, run: run, instanceKey: 1, policy: policy, maxUncompressedBytes: 1 << 20)
        }
        let merged = try #require(merge.run)
        try await store.write { writer throws(StoreError) in
            try writer.db.execute("DELETE FROM chunks WHERE id = 2; DELETE FROM chunk_data WHERE id = 2")
        }
        // When it is written
        let replaced = try await store.write { writer throws(StoreError) in
            try writer.transaction { () throws(StoreError) -> Bool in try SQLiteCompaction.replace(writer, with: merged) }
        }
        // Then nothing changed: the deleted chunk's lines do not come back
        #expect(!replaced)
        #expect(try await chunkCount(store) == 3)
        #expect(try await store.queryLogs(everything(.instance("i-a"))).lines.count == 15)
        await store.close()
    }
}
