import Foundation
import IILogsCore
import IILogsStore
import IILogsTesting
import Logging
import PostgresNIO
import Testing
@testable import IILogsPostgresStore

/// `sslmode` and `sslrootcert` of the PostgreSQL store URL, as `psql` reads them, against the test server (which
/// runs with TLS on, its certificate signed by a throwaway CA: `.ci/throwaway-postgres.sh`).
@Suite("PostgreSQL store TLS")
struct PostgresTLSTests {
    @Test func urlsReadSSLModesAsLibpqDoes() throws {
        #expect(try PostgresStoreURL(parsing: "postgres://u@db:5433/logs").tls == .prefer, "libpq's default")
        for mode in PostgresStoreURL.TLSMode.allCases {
            #expect(try PostgresStoreURL(parsing: "postgres://u@db/logs?sslmode=\(mode.rawValue)").tls == mode)
        }
        let verified = try PostgresStoreURL(parsing: "postgresql://u:secret@db/logs?sslmode=verify-full&sslrootcert=/etc/iilogs/db-ca.pem")
        #expect(verified.rootCertificateFile == "/etc/iilogs/db-ca.pem")
        #expect(verified.description == "postgres://u@db:5432/logs?sslmode=verify-full&sslrootcert=/etc/iilogs/db-ca.pem")

        for (text, message) in [
            ("postgres://u@db/logs?sslmode=allow", "sslmode must be one of disable, prefer, require, verify-ca, verify-full, got allow"),
            ("postgres://u@db/logs?sslmode=require&sslrootcert=/ca.pem", "sslrootcert is only used with sslmode=verify-ca or verify-full, not require"),
            ("postgres://u@db/logs?sslmode=verify-ca&sslrootcert=", "sslrootcert needs a file path"),
            ("postgres://u@db/logs?sslcert=/c.pem", "parameter sslcert is not supported (only sslmode and sslrootcert)"),
        ] {
            #expect(throws: StoreError.self, "\(text)") { try PostgresStoreURL(parsing: text) }
            do throws(StoreError) {
                _ = try PostgresStoreURL(parsing: text)
            } catch {
                #expect(error.message.contains(message), "\(text): \(error.message)")
            }
        }
    }

    @Test(arguments: [(PostgresStoreURL.TLSMode.disable, "plain"), (.prefer, "tls"), (.require, "tls")])
    func unverifiedModesConnectAsAsked(mode: PostgresStoreURL.TLSMode, expected: String) async throws {
        try await withDatabase { url in
            var url = url
            url.tls = mode
            let store = try await PostgresStore.open(url: url, logger: TestPostgresServer.logger)
            let transport = try? await Self.transport(of: store)
            await store.close()
            #expect(transport == expected)
        }
    }

    @Test func verifyFullTrustsTheServersCAAndChecksItsName() async throws {
        try await withDatabase { url in
            var url = url
            url.host = "localhost"
            url.tls = .verifyFull
            url.rootCertificateFile = try TestPostgres.shared.caFile()
            let store = try await PostgresStore.open(url: url, logger: TestPostgresServer.logger)
            #expect(try await Self.transport(of: store) == "tls")
            // It stores and reads like any store
            let identity = InstanceIdentity(instanceID: "i-tls", imageVersion: "v1")
            let lines = [LogRecord(time: Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000), app: "app", message: "over TLS")]
            _ = try await store.append(IngestBatch(identity: identity, stream: StreamPosition(streamID: 1, sequence: 1),
                                                   receivedAt: .now(), logs: LogBlockCodec.encode(lines)))
            #expect(try await store.queryLogs(LogQuery(scope: .instance("i-tls"), limit: 0)).lines.map(\.record.message) == ["over TLS"])
            await store.close()
        }
    }

    @Test func verificationRefusesAServerAnotherCASigned() async throws {
        let folder = try TemporaryDirectory(prefix: "pg-tls")
        defer { folder.remove() }
        let other = try TestCertificates.make(in: folder.file("certs")).otherCACertificate
        try await withDatabase { url in
            for mode in [PostgresStoreURL.TLSMode.verifyCA, .verifyFull] {
                var url = url
                url.host = "localhost"
                url.tls = mode
                url.rootCertificateFile = other
                do throws(StoreError) {
                    let store = try await PostgresStore.open(url: url, logger: TestPostgresServer.logger)
                    await store.close()
                    Issue.record("\(mode): a server certificate from another CA was accepted")
                } catch {
                    #expect(error.code == .unavailable && error.message.contains("CERTIFICATE_VERIFY_FAILED"), "\(mode): \(error.message)")
                }
            }
        }
    }

    @Test func anUnreadableRootCertificateFailsBeforeConnecting() async throws {
        var url = try PostgresStoreURL(parsing: "postgres://u@127.0.0.1:1/none?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        url.port = 1
        do throws(StoreError) {
            _ = try await PostgresStore.open(url: url, logger: TestPostgresServer.logger)
            Issue.record("opened with a missing sslrootcert")
        } catch {
            #expect(error.message.contains("sslrootcert /nonexistent/ca.pem: cannot read PEM certificates"), "\(error.message)")
        }
    }

    /// A collector pointed at a server that is not there fails start-up saying so, rather than waiting for the pool.
    @Test func anUnreachableServerFailsOpenWithTheReason() async throws {
        let started = ContinuousClock.now
        do throws(StoreError) {
            _ = try await PostgresStore.open(url: PostgresStoreURL(parsing: "postgres://u@127.0.0.1:1/none?sslmode=disable"),
                                             logger: TestPostgresServer.logger)
            Issue.record("opened a store on a closed port")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.hasPrefix("connecting on postgres://u@127.0.0.1:1/none?sslmode=disable failed: "), "\(error.message)")
        }
        // A liveness bound, not a timing: the open must give up rather than wait on the pool. Generous, because a
        // machine busy with two release builds took 17 s (connect timeout 10 s).
        #expect(ContinuousClock.now - started < .seconds(PostgresStore.connectTimeoutSeconds * 4))
    }

    /// `tls` or `plain`: how the store's own connection reached the server (`pg_stat_ssl`).
    static func transport(of store: PostgresStore) async throws -> String {
        let logger = TestPostgresServer.logger
        return try await store.withConnection("transport") { connection in
            let row = try await connection.firstRow("SELECT CASE WHEN ssl THEN 'tls' ELSE 'plain' END FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger)
            return try row?.string(0) ?? "none"
        }
    }

    func withDatabase(_ body: (PostgresStoreURL) async throws -> Void) async throws {
        let url = try await TestPostgresServer.createDatabase()
        do {
            try await body(url)
        } catch {
            await TestPostgresServer.dropDatabase(url)
            throw error
        }
        await TestPostgresServer.dropDatabase(url)
    }
}
