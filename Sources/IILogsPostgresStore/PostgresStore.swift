public import IILogsCore
public import IILogsStore
public import Logging
import PostgresNIO
import Synchronization

/// The store on a PostgreSQL server, so several collectors can share one database (docs/adr/006-postgresql-store.md,
/// docs/SCALING.md). The same layout as ``SQLiteStore``: compressed log chunks (bytea) beside their index columns in
/// `chunks`, partitioned by day of the newest line so retention drops whole partitions.
///
/// Invariants that make this class `Sendable`: every stored property is immutable or a `Mutex`; a connection is used
/// by one call at a time (leased from the client's pool for the duration of one transaction).
///
/// One write transaction stores at most one log chunk (one `append`): live tails use the writing transaction's id as
/// the chunk's position in commit order (PostgresStore+Tail.swift).
public final class PostgresStore: LogStore, Sendable {
    /// Connections the pool opens at most (each collector; PostgreSQL's default `max_connections` is 100).
    public static let maxConnections = 16
    /// Index rows a log query reads per round trip while it walks chunks.
    static let indexPageSize = 256

    public let url: PostgresStoreURL
    let client: PostgresClient
    let logger: Logger
    package let maxUncompressedBytesForQueries: Int
    private let runTask: Task<Void, Never>
    let isClosed = Mutex(false)
    /// Caches of committed rows (images and partitions are never renamed; partitions are only dropped by retention,
    /// which clears this set).
    let caches = Mutex(PostgresCaches())
    /// Template dictionaries read so far (ADR 016).
    let templateDictionaries = PostgresTemplateDictionaries()

    private init(url: PostgresStoreURL, client: PostgresClient, runTask: Task<Void, Never>, maxUncompressedBytes: Int, logger: Logger) {
        self.url = url
        self.client = client
        self.runTask = runTask
        self.maxUncompressedBytesForQueries = maxUncompressedBytes
        self.logger = logger
    }

    /// Connects to `url` and runs the migrations this build knows, under an advisory lock so collectors starting
    /// together migrate once. The connection pool runs until ``close()``. One direct connection comes first, so a
    /// wrong host, password or certificate fails here with its reason (the pool would retry it forever).
    public static func open(url: PostgresStoreURL, maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes,
                            logger: Logger) async throws(StoreError) -> PostgresStore {
        let tls = try PostgresTLS(url)
        try await probe(url, tls: tls, logger: logger)
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.username, password: url.password,
                                                         database: url.database, tls: tls.forClient)
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(connectTimeoutSeconds)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // The pool's run loop lives as long as the store: `close()` cancels it.
        let runTask = Task { await client.run() }
        let store = PostgresStore(url: url, client: client, runTask: runTask, maxUncompressedBytes: maxUncompressedBytes, logger: logger)
        do {
            try await PostgresSchema.migrate(store)
        } catch {
            await store.close()
            throw error
        }
        logger.info("opened PostgreSQL store", metadata: ["url": "\(url)"])
        return store
    }

    /// Convenience: parses `url` first.
    public static func open(url: String, maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes,
                            logger: Logger) async throws(StoreError) -> PostgresStore {
        try await open(url: PostgresStoreURL(parsing: url), maxUncompressedBytes: maxUncompressedBytes, logger: logger)
    }

    public func close() async {
        guard !isClosed.withLock({ closed in defer { closed = true }; return closed }) else { return }
        runTask.cancel()
        await runTask.value
        logger.info("closed PostgreSQL store", metadata: ["url": "\(url)"])
    }

    /// Runs `body` on one leased connection; errors become ``StoreError``s naming `what`.
    func withConnection<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        guard !isClosed.withLock({ $0 }) else { throw StoreError(.closed, "store \(url) is closed") }
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.storeError(error, what: what, url: url)
        }
    }

    /// Runs `body` in one transaction (`readOnly`: a REPEATABLE READ snapshot, so every statement sees the same
    /// commits); rolls back when it throws.
    func transaction<T: Sendable>(_ what: String, readOnly: Bool = false,
                                  _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let logger = self.logger
        return try await withConnection(what) { connection in
            try await connection.run(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger)
            do {
                let result = try await body(connection)
                try await connection.run("COMMIT", logger)
                return result
            } catch {
                try? await connection.run("ROLLBACK", logger)
                throw error
            }
        }
    }

    static func storeError(_ error: any Error, what: String, url: PostgresStoreURL) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            // PSQLError's description hides the server's message; its debug description carries it.
            // Without a server message (no connection: refused, TLS handshake, timeout) the cause is in `underlying`.
            let detail = error.serverInfo?[.message] ?? "\(error.code)" + (error.underlying.map { " (\($0))" } ?? "")
            let code: StoreError.Code = error.serverInfo == nil ? .unavailable : .io
            return StoreError(code, "\(what) on \(url) failed: \(detail)", underlying: Unchecked(String(reflecting: error)))
        }
        return StoreError(.unavailable, "\(what) on \(url) failed: \(error)", underlying: Unchecked(String(describing: error)))
    }

    /// An error's text as a `Sendable` underlying cause.
    struct Unchecked: Error, Sendable, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Keys of committed rows, shared by concurrent calls.
struct PostgresCaches: Sendable {
    /// Image version → images.key.
    var imageKeys: [String: Int64] = [:]
    /// Instance ID → the registry row's identity, so unchanged identities skip the upsert.
    var instances: [String: CachedInstance] = [:]
    /// Days (nanoseconds / 86 400 s, rounded down) whose `chunks` partition exists.
    var partitionDays: Set<Int64> = []

    struct CachedInstance: Sendable {
        var key: Int64
        var imageKey: Int64
        var bootID: String
        var labels: [String: String]
    }
}
