import IILogsCore
@testable import IILogsStore
import IILogsPostgresStore
import Testing

/// Template dictionaries (ADR 016), the same on both stores: compaction builds one per image and stores the image's
/// chunks against it; every reader gets the same lines back.
@Suite("Store conformance: template dictionaries")
struct TemplateDictionaryConformanceTests {
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
    static func seed(_ store: any LogStore, image: String = "v1", instances count: Int, prefix: String = "i-") async throws {
        for i in 0..<count {
            let records = (0..<50).map { l in line(instance: i, l) }
            let stored = try await store.append(batch(identity("\(prefix)\(i)", image: image), sequence: 1, records: records, receivedAt: T.s(Double(i))))
            #expect(stored == .stored)
        }
    }

    /// A compaction pass over everything stored so far.
    static func pass(_ store: any LogStore, dictionaries: Bool = true) async throws -> CompactionOutcome {
        let compacting = try #require(store as? any ChunkCompacting)
        return try await compacting.compactChunks(CompactionPolicy(horizon: try await compacting.compactionHorizon(), templateDictionaries: dictionaries))
    }

    /// The first column of `sql` (integers) on the store's data, read behind its back.
    static func integers(_ subject: StoreUnderTest, _ sql: String) async throws -> [Int64] {
        switch subject.kind {
        case .sqlite:
            let db = try SQLiteDatabase(path: subject.location + "/" + SQLiteStore.fileName, readOnly: true)
            defer { db.close() }
            let select = try db.prepare(sql)
            defer { select.finalize() }
            var values: [Int64] = []
            while try select.step() { values.append(select.int64(0)) }
            return values
        case .postgres:
            return try await subject.rows("SELECT v::text FROM (\(sql)) AS q(v)").map { try #require(Int64($0)) }
        }
    }

    static func formats(_ subject: StoreUnderTest) async throws -> [Int64] {
        try await integers(subject, "SELECT format FROM chunks ORDER BY id")
    }

    static func dictionaryIDs(_ subject: StoreUnderTest) async throws -> [Int64] {
        try await integers(subject, "SELECT id FROM template_dictionaries ORDER BY id")
    }

    @Test(arguments: StoreKind.allCases) func anImageWithEnoughChunksGetsADictionaryAndEveryQueryAnswersAsBefore(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            try await Self.seed(store, instances: CompactionPolicy.dictionaryMinChunks + 4)
            let queries = [everything(), everything(.instance("i-3")), everything(.image("v1")),
                           LogQuery(scope: .image("v1"), grep: "GET /healthz", limit: 0), LogQuery(scope: .all, minSeverity: .error, limit: 0),
                           LogQuery(scope: .instance("i-7"), grep: "finished", limit: 5), LogQuery(scope: .all, grep: "req_id=1eefab", limit: 0)]
            var before: [[LogRecord]] = []
            for query in queries { before.append(try await store.queryLogs(query).lines.map(\.record)) }

            if kind == .sqlite {
                #expect(try await Self.integers(subject, "SELECT count(*) FROM chunk_data") == [Int64(CompactionPolicy.dictionaryMinChunks + 4)])
            }

            let outcome = try await Self.pass(store)

            if kind == .sqlite {
                // Ingest stored each chunk whole; the pass wrote each again in pieces and a tail (ADR 016).
                #expect(try await Self.integers(subject, "SELECT count(*) FROM chunk_data") == [0])
                #expect(try await Self.integers(subject, "SELECT count(*) FROM chunk_tails") == [Int64(CompactionPolicy.dictionaryMinChunks + 4)])
            }
            #expect(outcome.dictionariesBuilt == 1)
            #expect(outcome.chunksRecoded == CompactionPolicy.dictionaryMinChunks + 4)
            #expect(outcome.bytesAfter < outcome.bytesBefore, "\(outcome.bytesBefore) → \(outcome.bytesAfter) bytes")
            #expect(try await Self.formats(subject) == Array(repeating: 6, count: CompactionPolicy.dictionaryMinChunks + 4))
            for (query, lines) in zip(queries, before) {
                let result = try await store.queryLogs(query)
                #expect(result.lines.map(\.record) == lines, "\(query)")
                #expect(result.stats.chunksCorrupt == 0)
            }
            #expect(before.last?.count == 1, "the grep for one request ID finds its line")
            // Another collector on the same data reads them too.
            let other = try await subject.openAnother()
            #expect(try await other.queryLogs(everything()).lines.map(\.record) == before[0])
            await other.close()
            // A second pass finds nothing left to do.
            let again = try await Self.pass(store)
            #expect(again.dictionariesBuilt == 0 && again.chunksRecoded == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func fewChunksOrTheSettingOffLeaveChunksAsTheyAre(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            try await Self.seed(store, instances: CompactionPolicy.dictionaryMinChunks - 1)
            #expect(try await Self.pass(store).dictionariesBuilt == 0)
            try await Self.seed(store, instances: 5, prefix: "j-")
            let off = try await Self.pass(store, dictionaries: false)
            #expect(off.dictionariesBuilt == 0 && off.chunksRecoded == 0)
            #expect(try await Self.formats(subject).allSatisfy { $0 == Int64(LogBlockCodec.formatVersion) })
            #expect(try await Self.pass(store).dictionariesBuilt == 1)
        }
    }

    /// A recoded chunk keeps its id and commit position: a tail that read it before does not read its lines again.
    @Test(arguments: StoreKind.allCases) func aTailPastTheRecodedChunksSeesNoLineTwice(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            try await Self.seed(store, instances: CompactionPolicy.dictionaryMinChunks)
            let first = try await store.tailLogs(everything(), after: nil, maxLines: 10_000, maxChunks: 1_000)
            #expect(first.lines.count == 50 * CompactionPolicy.dictionaryMinChunks)
            #expect(try await Self.pass(store).chunksRecoded == CompactionPolicy.dictionaryMinChunks)
            try await Self.seed(store, instances: 1, prefix: "late-")
            let next = try await store.tailLogs(everything(), after: first.cursor, maxLines: 10_000, maxChunks: 1_000)
            #expect(next.lines.count == 50)
            #expect(next.lines.allSatisfy { $0.instanceID == "late-0" })
        }
    }

    /// Small chunks merged once the image has a dictionary are stored against it.
    @Test(arguments: StoreKind.allCases) func mergedChunksUseTheImagesDictionary(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            try await Self.seed(store, instances: CompactionPolicy.dictionaryMinChunks)
            _ = try await Self.pass(store)
            for b in 0..<4 {
                let records = (0..<5).map { l in
                    LogRecord(time: T.s(100 + Double(b) + Double(l) / 10), severity: .info, app: "nginx",
                              message: "10.0.9.\(l) - - \"GET /healthz/\(1_000 + l * 13) HTTP/1.1\" 200 \(200 + l * 31) req_id=\(String(l * 7_919, radix: 16))ab")
                }
                #expect(try await store.append(batch(identity("quiet"), sequence: UInt64(b + 1), records: records, receivedAt: T.s(100))) == .stored)
            }
            let expected = try await store.queryLogs(everything(.instance("quiet"))).lines.map(\.record)
            let outcome = try await Self.pass(store)
            #expect(outcome.chunksMerged == 4 && outcome.chunksWritten == 1)
            #expect(try await Self.formats(subject).allSatisfy { $0 == 6 })
            #expect(try await store.queryLogs(everything(.instance("quiet"))).lines.map(\.record) == expected)
        }
    }

    /// The dictionary goes with the image's last chunk; the next one gets a new id, never the old one's.
    @Test(arguments: StoreKind.allCases) func retentionDropsTheDictionaryOfAnImageWithoutChunks(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            try await Self.seed(store, image: "v1", instances: CompactionPolicy.dictionaryMinChunks)
            _ = try await Self.pass(store)
            let first = try await Self.dictionaryIDs(subject)
            #expect(first.count == 1)
            // Every chunk older than the cutoff; the instances were seen within `lostAfter`, so none is pinned as lost.
            let outcome = try await store.applyRetention(RetentionPolicy(cutoff: T.s(29), now: T.s(30), lostAfter: .seconds(60)))
            #expect(outcome.logChunksDeleted == CompactionPolicy.dictionaryMinChunks)
            #expect(try await Self.dictionaryIDs(subject).isEmpty)
            try await Self.seed(store, image: "v1", instances: CompactionPolicy.dictionaryMinChunks, prefix: "k-")
            _ = try await Self.pass(store)
            let second = try await Self.dictionaryIDs(subject)
            #expect(second.count == 1 && second[0] > first[0])
            #expect(try await store.queryLogs(everything(.image("v1"))).lines.count == 50 * CompactionPolicy.dictionaryMinChunks)
        }
    }

    /// A damaged dictionary makes its chunks unreadable, counted like any corrupt chunk, and compaction leaves them.
    @Test(arguments: StoreKind.allCases) func aDamagedDictionaryIsCountedNotFatal(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            try await Self.seed(subject.store, instances: CompactionPolicy.dictionaryMinChunks)
            _ = try await Self.pass(subject.store)
            let update = "UPDATE template_dictionaries SET checksum = checksum + 1"
            try await subject.execute(sqlite: update, postgres: update)
            // A store that has not read the dictionary yet (each store keeps the ones it read).
            await subject.store.close()
            let reopened: any LogStore = switch kind {
            case .sqlite: try SQLiteStore(directory: subject.location, logger: testLogger)
            case .postgres: try await subject.openAnother()
            }
            let result = try await reopened.queryLogs(everything())
            #expect(result.lines.isEmpty)
            #expect(result.stats.chunksCorrupt == CompactionPolicy.dictionaryMinChunks)
            let outcome = try await Self.pass(reopened)
            #expect(outcome.chunksWritten == 0 && outcome.chunksRecoded == 0)
            await reopened.close()
        }
    }
}
