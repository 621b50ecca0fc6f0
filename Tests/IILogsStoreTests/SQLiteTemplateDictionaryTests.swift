import IILogsCore
import Testing
@testable import IILogsStore

/// Template dictionaries (ADR 016): compaction builds one per image and stores the image's chunks against it; every
/// reader gets the same lines back.
@Suite struct SQLiteTemplateDictionaryTests {
    static let paths = ["/api/orders", "/api/customers", "/healthz", "/api/cart/items"]

    /// Line `l` of instance `i`: a worker line or an nginx access line, templated alike on every instance.
    static func line(instance i: Int, _ l: Int) -> LogRecord {
        let time = T.s(Double(i) + Double(l) / 100)
        let severity: Severity = l % 10 == 0 ? .error : .info
        if l % 3 == 0 {
            return LogRecord(time: time, severity: severity, app: "worker", procID: "\(900 + l)",
                             message: "job \(l * 7) finished in \(l + 3)ms queue=default attempts=\(l % 4)")
        }
        let status = l % 10 == 0 ? 500 : 200
        let requestID = String(l * 7_919 + i, radix: 16) + "ab"
        let message = "10.0.\(i).\(l) - - \"GET \(paths[l % 4])/\(1_000 + l * 13) HTTP/1.1\" \(status) \(200 + l * 31) req_id=\(requestID)"
        return LogRecord(time: time, severity: severity, app: "nginx", procID: "\(900 + l)", message: message)
    }

    /// `count` instances of `image`, one 50-line batch each, the lines templated alike across instances.
    func seed(_ store: SQLiteStore, image: String = "v1", instances count: Int, prefix: String = "i-") async throws {
        for i in 0..<count {
            let records = (0..<50).map { l in Self.line(instance: i, l) }
            let stored = try await store.append(batch(identity("\(prefix)\(i)", image: image), sequence: 1, records: records, receivedAt: T.s(Double(i))))
            #expect(stored == .stored)
        }
    }

    func formats(_ store: SQLiteStore) async throws -> [Int] {
        try await store.read { db throws(StoreError) in
            let select = try db.prepare("SELECT format FROM chunks ORDER BY id")
            defer { select.finalize() }
            var formats: [Int] = []
            while try select.step() { formats.append(select.int(0)) }
            return formats
        }
    }

    func rowCounts(_ store: SQLiteStore) async throws -> [String: Int] {
        try await store.read { db throws(StoreError) in
            var counts: [String: Int] = [:]
            for table in ["chunk_data", "chunk_tails"] {
                let select = try db.prepare("SELECT count(*) FROM \(table)")
                defer { select.finalize() }
                _ = try select.step()
                counts[table] = select.int(0)
            }
            return counts
        }
    }

    func dictionaryIDs(_ store: SQLiteStore) async throws -> [Int64] {
        try await store.read { db throws(StoreError) in
            let select = try db.prepare("SELECT id FROM template_dictionaries ORDER BY id")
            defer { select.finalize() }
            var ids: [Int64] = []
            while try select.step() { ids.append(select.int64(0)) }
            return ids
        }
    }

    func pass(_ store: SQLiteStore, dictionaries: Bool = true) async throws -> CompactionOutcome {
        try await store.compactChunks(CompactionPolicy(horizon: try await store.compactionHorizon(), templateDictionaries: dictionaries))
    }

    @Test func anImageWithEnoughChunksGetsADictionaryAndEveryQueryAnswersAsBefore() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, instances: CompactionPolicy.dictionaryMinChunks + 4)
        let queries = [everything(), everything(.instance("i-3")), everything(.image("v1")),
                       LogQuery(scope: .image("v1"), grep: "GET /healthz", limit: 0), LogQuery(scope: .all, minSeverity: .error, limit: 0),
                       LogQuery(scope: .instance("i-7"), grep: "finished", limit: 5)]
        var before: [[LogRecord]] = []
        for query in queries { before.append(try await store.queryLogs(query).lines.map(\.record)) }

        let outcome = try await pass(store)

        #expect(outcome.dictionariesBuilt == 1)
        #expect(outcome.chunksRecoded == CompactionPolicy.dictionaryMinChunks + 4)
        #expect(outcome.bytesAfter < outcome.bytesBefore, "\(outcome.bytesBefore) → \(outcome.bytesAfter) bytes")
        #expect(try await formats(store).allSatisfy { $0 == 6 })
        // Ingest stored each chunk whole; the pass wrote it again in pieces and a tail.
        #expect(try await rowCounts(store) == ["chunk_data": 0, "chunk_tails": CompactionPolicy.dictionaryMinChunks + 4])
        for (query, lines) in zip(queries, before) {
            let result = try await store.queryLogs(query)
            #expect(result.lines.map(\.record) == lines, "\(query)")
            #expect(result.stats.chunksCorrupt == 0)
        }
        // A second pass finds nothing left to do.
        let again = try await pass(store)
        #expect(again.dictionariesBuilt == 0 && again.chunksRecoded == 0)
        await store.close()
    }

    @Test func fewChunksOrTheSettingOffLeaveChunksAsTheyAre() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, instances: CompactionPolicy.dictionaryMinChunks - 1)
        #expect(try await pass(store).dictionariesBuilt == 0)
        try await seed(store, instances: 5, prefix: "j-")
        let off = try await pass(store, dictionaries: false)
        #expect(off.dictionariesBuilt == 0 && off.chunksRecoded == 0)
        #expect(try await formats(store).allSatisfy { $0 == Int(LogBlockCodec.formatVersion) })
        #expect(try await pass(store).dictionariesBuilt == 1)
        await store.close()
    }

    /// A recoded chunk keeps its id: a tail that read it before does not read its lines again.
    @Test func aTailPastTheRecodedChunksSeesNoLineTwice() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, instances: CompactionPolicy.dictionaryMinChunks)
        let first = try await store.tailLogs(everything(), after: nil, maxLines: 10_000, maxChunks: 1_000)
        _ = try await pass(store)
        try await seed(store, instances: 1, prefix: "late-")
        let next = try await store.tailLogs(everything(), after: first.cursor, maxLines: 10_000, maxChunks: 1_000)
        #expect(next.lines.count == 50)
        #expect(next.lines.allSatisfy { $0.instanceID == "late-0" })
        await store.close()
    }

    /// Small chunks merged once the image has a dictionary are stored against it.
    @Test func mergedChunksUseTheImagesDictionary() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, instances: CompactionPolicy.dictionaryMinChunks)
        _ = try await pass(store)
        for b in 0..<4 {
            let records = (0..<5).map { l in
                LogRecord(time: T.s(100 + Double(b) + Double(l) / 10), severity: .info, app: "nginx",
                          message: "10.0.9.\(l) - - \"GET /healthz/\(1_000 + l * 13) HTTP/1.1\" 200 \(200 + l * 31) req_id=\(String(l * 7_919, radix: 16))ab")
            }
            #expect(try await store.append(batch(identity("quiet"), sequence: UInt64(b + 1), records: records, receivedAt: T.s(100))) == .stored)
        }
        let expected = try await store.queryLogs(everything(.instance("quiet"))).lines.map(\.record)
        let outcome = try await pass(store)
        #expect(outcome.chunksMerged == 4 && outcome.chunksWritten == 1)
        #expect(try await formats(store).allSatisfy { $0 == 6 })
        #expect(try await store.queryLogs(everything(.instance("quiet"))).lines.map(\.record) == expected)
        await store.close()
    }

    /// The dictionary goes with the image's last chunk; the next one gets a new id, never the old one's.
    @Test func retentionDropsTheDictionaryOfAnImageWithoutChunks() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, image: "v1", instances: CompactionPolicy.dictionaryMinChunks)
        _ = try await pass(store)
        let first = try await dictionaryIDs(store)
        #expect(first.count == 1)
        // Every chunk older than the cutoff; the instances were seen within `lostAfter`, so none is pinned as lost.
        let outcome = try await store.applyRetention(RetentionPolicy(cutoff: T.s(29), now: T.s(30), lostAfter: .seconds(60)))
        #expect(outcome.logChunksDeleted == CompactionPolicy.dictionaryMinChunks)
        #expect(try await dictionaryIDs(store).isEmpty)
        try await seed(store, image: "v1", instances: CompactionPolicy.dictionaryMinChunks, prefix: "k-")
        _ = try await pass(store)
        let second = try await dictionaryIDs(store)
        #expect(second.count == 1 && second[0] > first[0])
        #expect(try await store.queryLogs(everything(.image("v1"))).lines.count == 50 * CompactionPolicy.dictionaryMinChunks)
        await store.close()
    }

    /// A damaged dictionary makes its chunks unreadable, counted like any corrupt chunk, and compaction leaves them.
    @Test func aDamagedDictionaryIsCountedNotFatal() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        try await seed(store, instances: CompactionPolicy.dictionaryMinChunks)
        _ = try await pass(store)
        try await store.write { writer throws(StoreError) in try writer.db.execute("UPDATE template_dictionaries SET checksum = checksum + 1") }
        await store.close()
        let reopened = try folder.open()
        let result = try await reopened.queryLogs(everything())
        #expect(result.lines.isEmpty)
        #expect(result.stats.chunksCorrupt == CompactionPolicy.dictionaryMinChunks)
        let outcome = try await pass(reopened)
        #expect(outcome.chunksWritten == 0 && outcome.chunksRecoded == 0)
        await reopened.close()
    }
}
