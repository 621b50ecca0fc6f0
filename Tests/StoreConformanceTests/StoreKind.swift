import FoundationEssentials
import IILogsCore
@testable import IILogsStore
import IILogsPostgresStore
import Logging
import PostgresNIO
import Testing

/// The stores every conformance test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind.
    func open() async throws -> StoreUnderTest {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.path + "/iilogs-conformance-\(UInt64.random(in: 0...UInt64.max))"
            return StoreUnderTest(kind: self, store: try SQLiteStore(directory: path, logger: testLogger), location: path)
        case .postgres:
            let url = try await TestPostgresServer.createDatabase()
            return StoreUnderTest(kind: self, store: try await PostgresStore.open(url: url, logger: testLogger), location: url.database,
                                  url: url)
        }
    }
}

/// A store opened for one test; ``finish()`` closes it and removes its folder or database.
struct StoreUnderTest: Sendable {
    let kind: StoreKind
    let store: any LogStore
    /// The SQLite folder or the PostgreSQL database name.
    let location: String
    var url: PostgresStoreURL?

    func finish() async {
        await store.close()
        switch kind {
        case .sqlite: try? FileManager.default.removeItem(atPath: location)
        case .postgres: if let url { await TestPostgresServer.dropDatabase(url) }
        }
    }

    /// Opens a second store on the same data (a second collector on the same PostgreSQL database).
    func openAnother() async throws -> any LogStore {
        switch kind {
        case .sqlite: return try SQLiteStore(directory: location, readOnly: true, logger: testLogger)
        case .postgres: return try await PostgresStore.open(url: url!, logger: testLogger)
        }
    }

    /// Damages the bytes of the `n`th log chunk stored (1-based, in storing order) as a disk fault would.
    func damageChunk(_ n: Int) async throws {
        try await execute(sqlite: "UPDATE chunk_data SET data = x'00112233' WHERE id = \(n); UPDATE chunk_pieces SET data = x'00112233' WHERE key = \(n) << 16; UPDATE chunk_tails SET data = x'00112233' WHERE id = \(n)",
                          postgres: "UPDATE chunks SET data = '\\x00112233'::bytea WHERE id = (SELECT id FROM chunks ORDER BY id OFFSET \(n - 1) LIMIT 1)")
    }

    /// The first column (text) of a query on the PostgreSQL database.
    func rows(_ sql: String) async throws -> [String] {
        let connection = try await connect()
        do {
            var out: [String] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestPostgresServer.logger).decode(String.self) {
                out.append(value)
            }
            try await connection.close()
            return out
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func connect() async throws -> PostgresConnection {
        let url = url!
        let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username, password: url.password,
                                                             database: url.database, tls: .disable)
        return try await PostgresConnection.connect(configuration: configuration, id: 2, logger: TestPostgresServer.logger)
    }

    /// Runs a statement on the store's data behind its back (to damage it as a disk fault would).
    func execute(sqlite: String, postgres: String) async throws {
        switch kind {
        case .sqlite:
            let db = try SQLiteDatabase(path: location + "/" + SQLiteStore.fileName, readOnly: false)
            defer { db.close() }
            try db.execute(sqlite)
        case .postgres:
            let connection = try await connect()
            do {
                try await connection.query(PostgresQuery(unsafeSQL: postgres), logger: TestPostgresServer.logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        }
    }
}

/// Opens a store of `kind`, runs `body`, and always finishes the store.
func withStore(_ kind: StoreKind, _ body: (any LogStore) async throws -> Void) async throws {
    try await withSubject(kind) { subject in try await body(subject.store) }
}

/// Opens a store of `kind`, runs `body` with it and its location, and always finishes the store.
func withSubject(_ kind: StoreKind, _ body: (StoreUnderTest) async throws -> Void) async throws {
    let subject = try await kind.open()
    do {
        try await body(subject)
    } catch {
        await subject.finish()
        throw error
    }
    await subject.finish()
}

let testLogger = Logger(label: "iilogs.conformance.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Times relative to a fixed origin, in seconds.
enum T {
    static let origin: Int64 = 1_790_000_000_000_000_000
    static func s(_ seconds: Double) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: origin + Int64(seconds * 1_000_000_000))
    }
}

func identity(_ instance: String, image: String = "v1", boot: String = "boot-1") -> InstanceIdentity {
    InstanceIdentity(instanceID: instance, imageVersion: image, bootID: boot, labels: ["service": "orders"])
}

/// One line per (second, message) pair.
func lines(_ items: [(Double, String)], severity: Severity = .info, app: String = "app") -> [LogRecord] {
    items.map { LogRecord(time: T.s($0.0), severity: severity, app: app, message: $0.1) }
}

func batch(_ identity: InstanceIdentity, stream: UInt64? = 7, sequence: UInt64, records: [LogRecord] = [],
           events: [LifecycleEvent] = [], metrics: [MetricSample] = [], receivedAt: Timestamp = T.s(0), dropped: UInt64 = 0,
           receivedBy: String = "") -> IngestBatch {
    IngestBatch(identity: identity, stream: stream.map { StreamPosition(streamID: $0, sequence: sequence) }, receivedAt: receivedAt,
                logs: records.isEmpty ? nil : LogBlockCodec.encode(records), events: events, metrics: metrics,
                agentDroppedRecords: dropped, receivedBy: receivedBy)
}

func everything(_ scope: LogQuery.Scope = .all) -> LogQuery {
    LogQuery(scope: scope, limit: 0)
}
