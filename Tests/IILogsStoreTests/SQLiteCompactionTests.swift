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

@Suite struct SQLiteCompactionTests {
    /// `count` batches of `linesPerBatch` lines for `instance`, one second apart, as a quiet agent sends them.
    func seed(_ store: SQLiteStore, _ instance: String, batches count: Int, linesPerBatch: Int = 5, image: String = "v1",
              firstSequence: UInt64 = 1, start: Double = 0) async throws {
        for b in 0..<count {
            let records = (0..<linesPerBatch).map { l in
                LogRecord(time: T.s(start + Double(b) + Double(l) / 100), severity: l == 0 ? .error : .info, app: b % 2 == 0 ? "nginx" : "app",
                          procID: "\(900 + b)", message: "\(instance) batch \(b) line \(l) took \(l * 7)ms req=\(b * 1000 + l)")
            }
            let outcome = try await store.append(batch(identity(instance, image: image), sequence: firstSequence + UInt64(b), records: records,
                                                       receivedAt: T.s(start + Double(b))))
            #expect(outcome == .stored)
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

    func chunkDataCount(_ store: SQLiteStore) async throws -> Int {
        try await store.read { db throws(StoreError) in
            let select = try db.prepare("SELECT count(*) FROM chunk_data")
            defer { select.finalize() }
            _ = try select.step()
            return select.int(0)
        }
    }

    @Test func smallChunksOfEachInstanceBecomeOneAndEveryQueryAnswersAsBefore() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        // Given two instances that sent 40 and 30 small batches, and one that sent a single large one
        try await seed(store, "i-a", batches: 40)
        try await seed(store, "i-b", batches: 30)
        try await seed(store, "i-big", batches: 1, linesPerBatch: 2_000)
        let queries = [everything(), everything(.instance("i-a")), LogQuery(scope: .image("v1"), grep: "req=7003", limit: 0),
                       LogQuery(scope: .instance("i-b"), since: T.s(10), until: T.s(12), limit: 0),
                       LogQuery(scope: .all, minSeverity: .error, limit: 0), LogQuery(scope: .all, limit: 10, keep: .newest)]
        var before: [[LogRecord]] = []
        for query in queries { before.append(try await store.queryLogs(query).lines.map(\.record)) }
        #expect(try await chunkCount(store) == 71)

        // When a pass compacts everything stored so far
        let horizon = try await store.newestChunkID()
        let outcome = try await store.compactChunks(CompactionPolicy(horizon: horizon))

        // Then each small-chunk instance has one chunk, the large chunk is untouched, and nothing else changed
        #expect(outcome.instancesExamined == 2)
        #expect(outcome.chunksMerged == 70 && outcome.chunksWritten == 2 && outcome.linesRewritten == 350)
        #expect(outcome.bytesAfter < outcome.bytesBefore)
        #expect(outcome.corruptChunksSkipped == 0 && outcome.runsChanged == 0)
        #expect(try await chunkCount(store) == 3)
        #expect(try await chunkDataCount(store) == 3)
        for (query, lines) in zip(queries, before) {
            #expect(try await store.queryLogs(query).lines.map(\.record) == lines, "\(query)")
        }
        #expect(before[2].map(\.message) == ["i-a batch 7 line 3 took 21ms req=7003", "i-b batch 7 line 3 took 21ms req=7003"])
        // The merged chunk keeps the newest id of its run: nothing newer than the horizon appeared
        #expect(try await store.newestChunkID() == horizon)

        // And a second pass finds nothing left to merge
        let again = try await store.compactChunks(CompactionPolicy(horizon: horizon))
        #expect(again.chunksWritten == 0)
        await store.close()
    }

    @Test func onlyChunksUpToTheHorizonAreMergedAndATailPastItSeesNoLineTwice() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, "i-a", batches: 10)
        let horizon = try await store.newestChunkID()
        // A tail that has read everything up to the horizon
        let page = try await store.tailLogs(everything(), after: nil, maxLines: 10_000, maxChunks: 1_000)
        try await seed(store, "i-a", batches: 3, firstSequence: 11, start: 10)

        let outcome = try await store.compactChunks(CompactionPolicy(horizon: horizon))

        #expect(outcome.chunksMerged == 10 && outcome.chunksWritten == 1)
        #expect(try await chunkCount(store) == 4)
        // The tail goes on with the three batches stored after the horizon, nothing before them again
        let next = try await store.tailLogs(everything(), after: page.cursor, maxLines: 10_000, maxChunks: 1_000)
        #expect(next.lines.map(\.record.message).first == "i-a batch 0 line 0 took 0ms req=0")
        #expect(next.lines.count == 15)
        #expect(try await store.queryLogs(everything(.instance("i-a"))).lines.count == 65)
        await store.close()
    }

    @Test func aDamagedChunkIsLeftAloneAndItsNeighboursAreMerged() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, "i-a", batches: 5)
        // Given the third chunk's bytes damaged on disk
        try await store.write { writer throws(StoreError) in
            try writer.db.execute("UPDATE chunk_data SET data = zeroblob(length(data)) WHERE id = 3")
        }
        let outcome = try await store.compactChunks(CompactionPolicy(horizon: try await store.newestChunkID()))
        #expect(outcome.corruptChunksSkipped == 1)
        #expect(outcome.chunksMerged == 4 && outcome.chunksWritten == 1)
        #expect(try await chunkCount(store) == 2)
        let result = try await store.queryLogs(everything(.instance("i-a")))
        #expect(result.lines.count == 20)
        #expect(result.stats.chunksCorrupt == 1)
        await store.close()
    }

    @Test func aRunWhoseChunkWentWhileItWasMergedIsNotWritten() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, "i-a", batches: 4)
        // Given a run merged while retention deleted one of its chunks
        let policy = CompactionPolicy(horizon: try await store.newestChunkID())
        let run = try await store.read { db throws(StoreError) in try SQLiteCompaction.smallChunks(db: db, instanceKey: 1, policy: policy) }
        let merge = try await store.read { db throws(StoreError) in
            try SQLiteCompaction.merge(db: db, run: run, instanceKey: 1, policy: policy, maxUncompressedBytes: 1 << 20)
        }
        let merged = try #require(merge.chunk)
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

    @Test func runsEndAtTheImageAndLinesOfDifferentImagesStayApart() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        // An instance that was re-imaged in place (the registry keeps its newest image; each chunk keeps its own)
        try await seed(store, "i-a", batches: 3, image: "v1")
        try await seed(store, "i-a", batches: 3, image: "v2", firstSequence: 4, start: 3)
        let outcome = try await store.compactChunks(CompactionPolicy(horizon: try await store.newestChunkID()))
        #expect(outcome.chunksWritten == 2 && outcome.chunksMerged == 6)
        #expect(try await store.queryLogs(everything(.image("v1"))).lines.count == 15)
        #expect(try await store.queryLogs(everything(.image("v2"))).lines.count == 15)
        await store.close()
    }
}
