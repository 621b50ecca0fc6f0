import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking run of a command: spawn, read output with a deadline, stop the group, reap.
/// Called on a thread-pool thread by ``CommandAction``.
struct CommandJob: Sendable {
    var argv: [String]
    var environment: [String]
    var timeout: Duration
    var killGrace: Duration
    var maxOutputBytes: Int

    /// Poll interval while the command runs (bounds how late a timeout or exit is noticed).
    static let pollMilliseconds: Int32 = 20
    /// After SIGKILL, how long to wait for the pipe to close before giving up on remaining output.
    static let drainAfterKill = Duration.seconds(2)

    func runBlocking() -> CommandActionResult {
        let clock = ContinuousClock()
        let start = clock.now
        var fds: [Int32] = [-1, -1]
        var pid: pid_t = 0
        // Pipe creation and spawn under one lock: another command spawned in between would inherit
        // this pipe before FD_CLOEXEC is set (there is no pipe2 in Swift's Glibc module).
        let spawnError: Int32 = Self.spawnLock.withLock { _ in
            if makePipe(&fds) != 0 { return errno }
            let error = spawn(pid: &pid, outputFD: fds[1])
            close(fds[1])
            if error != 0 { close(fds[0]) }
            return error
        }
        let readEnd = fds[0]
        if spawnError != 0 {
            close(readEnd)
            return CommandActionResult(exitStatus: nil, durationMilliseconds: milliseconds(clock.now - start),
                                       startError: "cannot start \(argv.first ?? ""): \(String(cString: strerror(spawnError)))")
        }
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)

        var output: [UInt8] = []
        var truncated = false
        var eof = false
        var exited = false
        var status: Int32 = 0
        var timedOut = false
        var termSentAt: ContinuousClock.Instant?
        var killSentAt: ContinuousClock.Instant?
        let deadline = start + timeout
        var buffer = [UInt8](repeating: 0, count: 16 << 10)

        while true {
            if !eof {
                var pfd = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pfd, 1, Self.pollMilliseconds)
                if ready > 0 {
                    let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        let room = max(0, maxOutputBytes - output.count)
                        output.append(contentsOf: buffer[0..<min(n, room)])
                        if n > room { truncated = true }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        eof = true
                    }
                }
            } else if !exited {
                usleep(UInt32(Self.pollMilliseconds) * 1000)
            }
            if !exited, waitpid(pid, &status, WNOHANG) == pid { exited = true }
            if exited && eof { break }
            let now = clock.now
            if termSentAt == nil && now >= deadline {
                timedOut = true
                termSentAt = now
                kill(-pid, SIGTERM)
            }
            if let termSentAt, killSentAt == nil, now >= termSentAt + killGrace {
                killSentAt = now
                kill(-pid, SIGKILL)
            }
            if let killSentAt, now >= killSentAt + Self.drainAfterKill { break }
        }
        if !exited {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        close(readEnd)
        let termination = status & 0x7F
        return CommandActionResult(
            exitStatus: termination == 0 ? (status >> 8) & 0xFF : nil,
            signal: termination != 0 && termination != 0x7F ? termination : nil,
            timedOut: timedOut,
            output: String(decoding: output, as: UTF8.self),
            outputTruncated: truncated,
            durationMilliseconds: milliseconds(clock.now - start))
    }

    private func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Serialises pipe creation and spawning among commands.
    static let spawnLock = Mutex(())

    private func makePipe(_ fds: inout [Int32]) -> Int32 {
        if pipe(&fds) != 0 { return -1 }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return 0
    }

    /// posix_spawnp with stdout and stderr on `outputFD`, stdin from /dev/null, a new process group,
    /// default signal dispositions and an empty mask. Returns 0 or an errno.
    private func spawn(pid: inout pid_t, outputFD: Int32) -> Int32 {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        return posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
    }
}
