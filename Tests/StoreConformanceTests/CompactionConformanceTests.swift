import IILogsCore
import IILogsStore
import Testing

/// Merging small chunks, the same on both stores; template dictionaries (ADR 016) are off here so the counts are the
/// merges' alone, and pinned in TemplateDictionaryConformanceTests.
@Suite("Store conformance: compaction")
struct CompactionConformanceTests {
    func compacting(_ store: any LogStore) throws -> any ChunkCompacting {
        try #require(store as? any ChunkCompacting)
    }

    /// `count` batches of `linesPerBatch` lines for `instance`, one second apart, as a quiet agent sends them.
    func seed(_ store: any LogStore, _ instance: String, batches count: Int, linesPerBatch: Int = 5, image: String = "v1",
              firstSequence: UInt64 = 1, start: Double = 0) async throws {
        for b in 0..<count {
            let records = (0..<linesPerBatch).map { l in
                LogRecord(time: T.s(start + Double(b) + Double(l) / 100), severity: l == 0 ? .error : .info, app: b % 2 == 0 ? "nginx" : "app",
                          procID: "\(900 + b)", message: "\(instance) batch \(b) line \(l) took \(l * 7)ms req=\(b * 1000 + l)")
            }
            #expect(try await store.append(batch(identity(instance, image: image), sequence: firstSequence + UInt64(b), records: records,
                                                 receivedAt: T.s(start + Double(b)))) == .stored)
        }
    }

    @Test(arguments: StoreKind.allCases) func smallChunksOfEachInstanceBecomeOneAndEveryQueryAnswersAsBefore(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given two instances that sent 40 and 30 small batches, and one that sent a single large one
            try await seed(store, "i-a", batches: 40)
            try await seed(store, "i-b", batches: 30)
            try await seed(store, "i-big", batches: 1, linesPerBatch: 2_000)
            let queries = [everything(), everything(.instance("i-a")), LogQuery(scope: .image("v1"), grep: "req=7003", limit: 0),
                           LogQuery(scope: .instance("i-b"), since: T.s(10), until: T.s(12), limit: 0),
                           LogQuery(scope: .all, minSeverity: .error, limit: 0), LogQuery(scope: .all, limit: 10, keep: .newest)]
            var before: [[LogRecord]] = []
            for query in queries { before.append(try await store.queryLogs(query).lines.map(\.record)) }

            // When a pass compacts everything stored so far
            let compacting = try compacting(store)
            let horizon = try await compacting.compactionHorizon()
            let outcome = try await compacting.compactChunks(CompactionPolicy(horizon: horizon, templateDictionaries: false))

            // Then each small-chunk instance has one chunk, the large chunk is untouched, and every answer is the same
            #expect(outcome.instancesExamined == 2)
            #expect(outcome.chunksMerged == 70 && outcome.chunksWritten == 2 && outcome.linesRewritten == 350)
            #expect(outcome.bytesAfter < outcome.bytesBefore)
            #expect(outcome.corruptChunksSkipped == 0 && outcome.runsChanged == 0)
            #expect(try await store.queryLogs(everything()).stats.chunksDecoded == 3)
            for (query, lines) in zip(queries, before) {
                #expect(try await store.queryLogs(query).lines.map(\.record) == lines, "\(query)")
            }
            #expect(before[2].map(\.message) == ["i-a batch 7 line 3 took 21ms req=7003", "i-b batch 7 line 3 took 21ms req=7003"])
            // The merged chunks keep the positions of their runs: nothing newer appeared
            #expect(try await compacting.compactionHorizon() == horizon)

            // And a second pass finds nothing left to merge
            #expect(try await compacting.compactChunks(CompactionPolicy(horizon: horizon, templateDictionaries: false)).chunksWritten == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func onlyChunksUpToTheHorizonAreMergedAndATailPastItSeesNoLineTwice(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            try await seed(store, "i-a", batches: 10)
            let compacting = try compacting(store)
            let horizon = try await compacting.compactionHorizon()
            // A tail that has read everything stored so far
            let page = try await store.tailLogs(everything(), after: nil, maxLines: 10_000, maxChunks: 1_000)
            #expect(page.lines.count == 50)
            try await seed(store, "i-a", batches: 3, firstSequence: 11, start: 10)

            let outcome = try await compacting.compactChunks(CompactionPolicy(horizon: horizon, templateDictionaries: false))

            #expect(outcome.chunksMerged == 10 && outcome.chunksWritten == 1)
            #expect(try await store.queryLogs(everything()).stats.chunksDecoded == 4)
            // The tail goes on with the three batches stored after the horizon, nothing before them again
            let next = try await store.tailLogs(everything(), after: page.cursor, maxLines: 10_000, maxChunks: 1_000)
            #expect(next.lines.map(\.record.message).first == "i-a batch 0 line 0 took 0ms req=0")
            #expect(next.lines.count == 15)
            #expect(try await store.queryLogs(everything(.instance("i-a"))).lines.count == 65)
        }
    }

    @Test(arguments: StoreKind.allCases) func aDamagedChunkIsLeftAloneAndItsNeighboursAreMerged(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            try await seed(store, "i-a", batches: 5)
            try await subject.damageChunk(3)
            let compacting = try compacting(store)
            let outcome = try await compacting.compactChunks(CompactionPolicy(horizon: try await compacting.compactionHorizon(), templateDictionaries: false))
            #expect(outcome.corruptChunksSkipped == 1)
            #expect(outcome.chunksMerged == 4 && outcome.chunksWritten == 1)
            let result = try await store.queryLogs(everything(.instance("i-a")))
            #expect(result.lines.count == 20)
            #expect(result.stats.chunksCorrupt == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func runsEndAtTheImageAndLinesOfDifferentImagesStayApart(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // An instance re-imaged in place: the registry keeps its newest image, each chunk its own
            try await seed(store, "i-a", batches: 3, image: "v1")
            try await seed(store, "i-a", batches: 3, image: "v2", firstSequence: 4, start: 3)
            let compacting = try compacting(store)
            let outcome = try await compacting.compactChunks(CompactionPolicy(horizon: try await compacting.compactionHorizon(), templateDictionaries: false))
            #expect(outcome.chunksWritten == 2 && outcome.chunksMerged == 6)
            #expect(try await store.queryLogs(everything(.image("v1"))).lines.count == 15)
            #expect(try await store.queryLogs(everything(.image("v2"))).lines.count == 15)
        }
    }

    @Test func twoCollectorsCompactingOneDatabaseMergeEachRunOnce() async throws {
        try await withSubject(.postgres) { subject throws in
            try await seed(subject.store, "i-a", batches: 30)
            try await seed(subject.store, "i-b", batches: 30)
            let other = try await subject.openAnother()
            let stores = [try compacting(subject.store), try compacting(other)]
            let horizon = try await stores[0].compactionHorizon()
            // Both collectors run the same pass at once
            let outcomes = try await withThrowingTaskGroup(of: CompactionOutcome.self) { group in
                for store in stores { group.addTask { try await store.compactChunks(CompactionPolicy(horizon: horizon, templateDictionaries: false)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            await other.close()
            // Each run was written by one of them; the other found it changed or already merged
            #expect(outcomes.map(\.chunksWritten).reduce(0, +) == 2)
            #expect(outcomes.map(\.chunksMerged).reduce(0, +) == 60)
            let lines = try await subject.store.queryLogs(everything())
            #expect(lines.lines.count == 300)
            #expect(Set(lines.lines.map(\.record.message)).count == 300)
            #expect(lines.stats.chunksDecoded == 2)
        }
    }
}
