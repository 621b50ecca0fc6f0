import IILogsPostgresStore
import IILogsTesting
import Logging

/// The PostgreSQL databases the conformance suite runs against: one fresh database per test on the server
/// ``TestPostgres`` provides (`IILOGS_TEST_POSTGRES_URL`, or a throwaway server it starts). Without a server every
/// PostgreSQL test fails with a message naming that variable; none is skipped.
enum TestPostgresServer {
    static func createDatabase() throws -> PostgresStoreURL {
        try PostgresStoreURL(parsing: TestPostgres.shared.createDatabase(prefix: "iilogs_conformance"))
    }

    static func dropDatabase(_ url: PostgresStoreURL) {
        TestPostgres.shared.dropDatabase("postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)")
    }

    static let logger = Logger(label: "iilogs.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
}
