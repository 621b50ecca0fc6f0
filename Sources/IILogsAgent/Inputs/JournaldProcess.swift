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
    private var reaped = false

    /// Spawns `path` with `arguments`; throws when it cannot be started.
    init(path: String, arguments: [String]) throws(JournaldProcessError) {
        var pipeFDs: [Int32] = [0, 0]
        // Close-on-exec at once: a process spawned elsewhere meanwhile (a test runner's, a command's) must not
        // inherit the write end, or this pipe does not reach end of output when journalctl exits, until that
        // other process ends (the likely cause of a restart test that waited 30 s in one CI run). The child gets
        // its own copy through dup2, which clears the flag. (`pipe2` is not visible from Swift's Glibc module.)
        guard pipe(&pipeFDs) == 0 else { throw JournaldProcessError(message: "pipe: errno \(errno)") }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, nil, argv, environ)
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
    func terminate() {
        defer { close(output) }
        guard !reaped else { return }
        kill(pid, SIGTERM)
        for _ in 0..<200 {
            if waitpid(pid, nil, WNOHANG) == pid {
                reaped = true
                return
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
        reaped = true
    }
}

/// `journalctl` could not be started.
struct JournaldProcessError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}
