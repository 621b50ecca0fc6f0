import CPosixSpawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with posix_spawn, a clean signal mask and default signal dispositions.
///
/// Foundation's `Process` passes on the spawning thread's signal mask; inside a Swift program that
/// mask can block SIGTERM (and SIGINT is often ignored), so a daemon started that way never sees
/// the SIGTERM meant to stop it. The benchmarks start rsyslogd through this type instead.
public final class ChildProcess: @unchecked Sendable {
    /// Why the process could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "cannot start \(path): \(String(cString: strerror(errno)))" }
    }

    public let pid: Int32
    private var exitStatus: Int32?

    /// Starts `path` with `arguments` (argv[0] is `path`); output goes to `outputPath` (default /dev/null).
    public init(path: String, arguments: [String], outputPath: String = "/dev/null") throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        iilogs_spawnattr_reset_signals(&attributes)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        iilogs_spawn_close_from(&actions, 3)  // a daemon must not hold this process's pipes or sockets open
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        guard result == 0 else { throw SpawnError(path: path, errno: result) }
        pid = child
    }

    /// True until the process has exited (reaps it when it has).
    public var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exitStatus = status
            return false
        }
        return true
    }

    /// The raw wait status once the process has exited.
    public var status: Int32? { exitStatus }

    /// SIGTERM, then SIGKILL if it is still running after `grace`; returns once it has exited.
    public func stop(grace: Duration = .seconds(5)) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if isRunning {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exitStatus = status
        }
    }
}
