import CPosixSpawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running `journalctl` child whose standard output is read through a pipe (standard input and error
/// are `/dev/null`). Started with `posix_spawn`; ended only through its own PID (``terminate()``).
final class JournaldProcess: @unchecked Sendable {
    let pid: pid_t
    /// The read end of the child's standard output (close-on-exec).
    let output: Int32
    private var waitStatus: Int32?

    /// Spawns `path` with `arguments`; throws when it cannot be started.
    init(path: String, arguments: [String]) throws(JournaldProcessError) {
        var pipeFDs: [Int32] = [0, 0]
        // Close-on-exec from its creation: a process spawned elsewhere meanwhile must not inherit the write end, or
        // this pipe would not reach end of output when journalctl exits. The child gets its own copy through dup2.
        guard iilogs_pipe_cloexec(&pipeFDs) == 0 else { throw JournaldProcessError(message: "pipe: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of this process reaches the child: descriptors opened without close-on-exec elsewhere (Foundation
        // opens pipes and files that way) would otherwise stay open in journalctl for its whole life, and a pipe among
        // them would not end for its reader until journalctl did (the likely cause of a CI run in which the tests stalled
        // for 30 s: a test's fake journalctl held another test's openssl pipe).
        iilogs_spawn_close_from(&actions, 3)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        iilogs_spawnattr_reset_signals(&attributes)  // so SIGTERM stops it, whatever this thread blocks or ignores
        let status = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        close(pipeFDs[1])
        guard status == 0 else {
            close(pipeFDs[0])
            throw JournaldProcessError(message: "cannot start \(path): \(String(cString: strerror(status)))")
        }
        pid = child
        output = pipeFDs[0]
    }

    /// Waits up to `timeoutMilliseconds` for output and reads up to `maxBytes`: empty when none arrived in
    /// time, nil at end of output (the child closed it or exited).
    func readAvailable(maxBytes: Int, timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, timeoutMilliseconds)
        if ready == 0 || (ready < 0 && errno == EINTR) { return [] }
        guard ready > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, maxBytes) }
        if count < 0 && errno == EINTR { return [] }
        guard count > 0 else { return nil }
        return Array(buffer[0..<count])
    }

    /// SIGTERM to the child's PID, then reaps it (SIGKILL if it has not exited within ~2 s); closes the pipe.
    /// Returns the child's wait status.
    @discardableResult
    func terminate() -> Int32 {
        defer { close(output) }
        if let waitStatus { return waitStatus }
        var status: Int32 = 0
        kill(pid, SIGTERM)
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) == pid {
                waitStatus = status
                return status
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        waitStatus = status
        return status
    }
}

/// `journalctl` could not be started.
struct JournaldProcessError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}
