import Foundation
import Synchronization

/// Runs one of the package's executables for end-to-end tests and watches its output.
///
/// Output lines are kept in memory; helpers wait for a line with a bounded deadline. The process is
/// ended only by its own PID (`signal`, `terminateAndWait`).
public final class RunningProcess: Sendable {
    public let name: String
    private let process: Process
    private let output = OutputBuffer()

    /// Launches `executable` (a name from ``BuiltProducts``, or a path) with `arguments`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let path = executable.contains("/") ? executable : try BuiltProducts.path(of: executable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.name = (executable as NSString).lastPathComponent
        self.process = process
        let buffer = output
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                buffer.end(stderr: false)
                return
            }
            buffer.append(Array(data), stderr: false)
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                buffer.end(stderr: true)
                return
            }
            buffer.append(Array(data), stderr: true)
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }
    public var stdoutLines: [String] { output.state.withLock { $0.stdout } }
    public var stderrLines: [String] { output.state.withLock { $0.stderr } }

    /// Waits (bounded) for a stdout or stderr line containing `text`; returns it.
    public func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.state.withLock({ s in (s.stdout + s.stderr).first { $0.contains(text) } }) { return line }
            if !process.isRunning {
                try await Task.sleep(for: .milliseconds(50))  // let the last output arrive
                if let line = output.state.withLock({ s in (s.stdout + s.stderr).first { $0.contains(text) } }) { return line }
                throw ProcessRunnerError(message: "\(name) exited with \(process.terminationStatus) before printing '\(text)'\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProcessRunnerError(message: "\(name) did not print '\(text)' within \(timeout)\n\(transcript)")
    }

    /// Sends `signal` to this process's PID.
    public func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits (bounded) for the process to exit and returns its status.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                throw ProcessRunnerError(message: "\(name) still running after \(timeout)\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The pipes can still hold output after the exit: wait for their end of file, bounded (a grandchild
        // that inherited them may keep them open).
        let drainDeadline = ContinuousClock.now + Self.outputDrainTimeout
        while !output.state.withLock({ $0.stdoutEnded && $0.stderrEnded }), ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        return process.terminationStatus
    }

    /// Longest wait, after the process exited, for its output pipes to reach end of file. Short on purpose:
    /// a process started later (an agent beside a collector) can inherit a pipe and hold it open, and then
    /// waiting longer gains nothing; a CLI's own output arrives within milliseconds of its exit.
    public static let outputDrainTimeout: Duration = .seconds(1)

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    public func terminateAndWait(grace: Duration = .seconds(15)) async {
        signal(SIGTERM)
        if (try? await waitForExit(timeout: grace)) == nil {
            signal(SIGKILL)
            _ = try? await waitForExit(timeout: .seconds(5))
        }
    }

    /// Everything printed so far, for failure messages.
    public var transcript: String {
        output.state.withLock { s in
            "--- \(name) stdout ---\n" + (s.stdout + [String(decoding: s.partialOut, as: UTF8.self)]).suffix(60).joined(separator: "\n")
                + "\n--- \(name) stderr ---\n" + (s.stderr + [String(decoding: s.partialErr, as: UTF8.self)]).suffix(60).joined(separator: "\n")
        }
    }
}

public struct ProcessRunnerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Finds the package's built executables (`iilogs`, `iilogs-agent`, `iilogs-collector`).
public enum BuiltProducts {
    /// `IILOGS_BIN_DIR` if set, else the folder of the running test bundle, else `.build/debug` of this package.
    public static func path(of product: String) throws -> String {
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["IILOGS_BIN_DIR"] { candidates.append(dir) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug").path)
        for candidate in candidates {
            let path = "\(candidate)/\(product)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ProcessRunnerError(message: "cannot find the built \(product) in \(candidates); run `swift build` first")
    }
}

/// Lines a child process printed, split as they arrive (bytes are kept until their line is complete, so
/// a UTF-8 character split across two reads stays whole); a last line without a newline is kept at end of file.
final class OutputBuffer: Sendable {
    struct State {
        var stdout: [String] = []
        var stderr: [String] = []
        var partialOut: [UInt8] = []
        var partialErr: [UInt8] = []
        var stdoutEnded = false
        var stderrEnded = false
    }

    let state = Mutex(State())

    func append(_ bytes: [UInt8], stderr: Bool) {
        state.withLock { s in
            if stderr {
                Self.split(bytes, partial: &s.partialErr, into: &s.stderr)
            } else {
                Self.split(bytes, partial: &s.partialOut, into: &s.stdout)
            }
        }
    }

    /// The pipe reached end of file.
    func end(stderr: Bool) {
        state.withLock { s in
            if stderr {
                if !s.partialErr.isEmpty { s.stderr.append(String(decoding: s.partialErr, as: UTF8.self)) }
                s.partialErr = []
                s.stderrEnded = true
            } else {
                if !s.partialOut.isEmpty { s.stdout.append(String(decoding: s.partialOut, as: UTF8.self)) }
                s.partialOut = []
                s.stdoutEnded = true
            }
        }
    }

    private static func split(_ bytes: [UInt8], partial: inout [UInt8], into lines: inout [String]) {
        partial += bytes
        var start = 0
        while let nl = partial[start...].firstIndex(of: 0x0A) {
            lines.append(String(decoding: partial[start..<nl], as: UTF8.self))
            start = nl + 1
        }
        partial.removeFirst(start)
    }
}
