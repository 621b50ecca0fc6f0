import Dispatch
import IILogsPostgresStore
import IILogsTesting
import Logging

/// The PostgreSQL databases the conformance suite runs against: one fresh database per test on the server
/// ``TestPostgres`` provides (`IILOGS_TEST_POSTGRES_URL`, or a throwaway server it starts). Without a server every
/// PostgreSQL test fails with a message naming that variable; none is skipped.
enum TestPostgresServer {
    /// A fresh database. `psql` runs on a Dispatch thread: waiting for it on the cooperative pool, which every
    /// test of the process shares, starved timing-sensitive tests elsewhere.
    static func createDatabase() async throws -> PostgresStoreURL {
        let url = try await offPool { try TestPostgres.shared.createDatabase(prefix: "iilogs_conformance") }
        return try PostgresStoreURL(parsing: url)
    }

    static func dropDatabase(_ url: PostgresStoreURL) async {
        let text = "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)"
        _ = try? await offPool { TestPostgres.shared.dropDatabase(text) }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    static let logger = Logger(label: "iilogs.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
}
