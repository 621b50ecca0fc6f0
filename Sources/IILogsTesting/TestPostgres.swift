import CPosixSpawn
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server tests that need one run against (the store conformance suite, the N-collector end-to-end test).
///
/// `IILOGS_TEST_POSTGRES_URL` (an admin URL: its user may create databases) names one, as `.ci/run` does. When it is
/// unset, the first use starts a throwaway server with `.ci/throwaway-postgres.sh` (PostgreSQL's binaries from the
/// `postgresql` package) and leaves a watchdog that stops it once this test process has exited. When neither works
/// the error names the variable: tests that need PostgreSQL fail, they are never skipped.
public final class TestPostgres: Sendable {
    public static let shared = TestPostgres()
    public static let environmentVariable = "IILOGS_TEST_POSTGRES_URL"
    /// The PEM file of the CA that signed the server's certificate (TLS tests), set beside ``environmentVariable``.
    public static let caEnvironmentVariable = "IILOGS_TEST_POSTGRES_CA"

    private struct Server {
        var adminURL: String
        var caFile: String?
    }

    private let server = Mutex<Result<Server, TestPostgresError>?>(nil)

    /// The admin URL (`postgres://user@host:port/database`), starting the throwaway server on first use.
    public func adminURL() throws(TestPostgresError) -> String {
        try started().adminURL
    }

    /// The CA file the server's TLS certificate verifies against: the throwaway server's own, or
    /// `IILOGS_TEST_POSTGRES_CA` beside `IILOGS_TEST_POSTGRES_URL` (`.ci/run` sets both).
    public func caFile() throws(TestPostgresError) -> String {
        guard let file = try started().caFile else {
            throw TestPostgresError(description: "\(Self.environmentVariable) is set but \(Self.caEnvironmentVariable) is not: "
                                    + "set it to the PEM file of the CA that signed that server's certificate (its server needs ssl=on)")
        }
        return file
    }

    private func started() throws(TestPostgresError) -> Server {
        try server.withLock { server throws(TestPostgresError) -> Server in
            if let server { return try server.get() }
            let result = Result { () throws(TestPostgresError) -> Server in
                let environment = ProcessInfo.processInfo.environment
                if let text = environment[Self.environmentVariable], !text.isEmpty {
                    return Server(adminURL: text, caFile: environment[Self.caEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 })
                }
                return try Self.startThrowaway()
            }
            server = result
            return try result.get()
        }
    }

    /// The URL of a new empty database on the server (created with `psql`).
    public func createDatabase(prefix: String = "iilogs_test") throws(TestPostgresError) -> String {
        let admin = try adminURL()
        let name = "\(prefix)_\(UInt64.random(in: 0...UInt64.max))"
        try Self.psql(admin, "CREATE DATABASE \(name)")
        guard let slash = admin.lastIndex(of: "/") else { throw TestPostgresError(description: "admin URL \(admin) has no database part") }
        return String(admin[...slash]) + name
    }

    /// Drops the database of `url` (connections to it are ended).
    public func dropDatabase(_ url: String) {
        guard let admin = try? adminURL(), let name = url.split(separator: "/").last else { return }
        try? Self.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func psql(_ url: String, _ sql: String) throws(TestPostgresError) {
        let (status, _, errors) = try run("/usr/bin/env", ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        guard status == 0 else { throw TestPostgresError(description: "psql \(sql) on \(url) exited \(status): \(errors)") }
    }

    /// Runs `.ci/throwaway-postgres.sh start` in a fresh folder under /tmp and leaves a watchdog that stops the server
    /// once this process is gone.
    private static func startThrowaway() throws(TestPostgresError) -> Server {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent(".ci/throwaway-postgres.sh").path
        let folder = "/tmp/iilogs-test-postgres-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let (status, output, errors) = try run("/bin/bash", [script, "start", folder])
        guard status == 0, let line = output.split(separator: "\n").last else {
            throw TestPostgresError(description: """
                no PostgreSQL server for the tests: set \(environmentVariable) to an admin URL (postgres://user@host:port/postgres) \
                or install the `postgresql` package so the tests can start a throwaway one (\(script) exited \(status): \(errors))
                """)
        }
        // The watchdog ends with this process (it polls its PID once a second), then stops the server.
        let watchdog = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; /bin/bash '\(script)' stop '\(folder)'"
        _ = try run("/bin/bash", ["-c", "setsid nohup /bin/bash -c \"\(watchdog)\" >/dev/null 2>&1 < /dev/null &"])
        return Server(adminURL: String(line), caFile: folder + "/ca.pem")
    }

    /// Runs `executable` to completion with posix_spawn and waitpid (Foundation's `Process` can miss the exit of a
    /// short child here and wait forever); stdout and stderr go through temporary files.
    private static func run(_ executable: String, _ arguments: [String]) throws(TestPostgresError) -> (Int32, String, String) {
        let base = FileManager.default.temporaryDirectory.path + "/iilogs-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The server and the watchdog outlive this call: they must not hold another test's pipe open.
        iilogs_spawn_close_from(&actions, 3)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestPostgresError(description: "cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (exit, output, errors)
    }
}

/// Why no PostgreSQL server is available to the tests.
public struct TestPostgresError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
