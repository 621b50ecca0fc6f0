import Foundation
import Synchronization

/// Runs one of the package's executables for end-to-end tests and watches its output.
///
/// Standard output and error go to temporary files, not pipes: a file holds everything the process
/// wrote the moment it exits, whereas a pipe's end of file can be delayed by any other process that
/// inherited its write end, so reading "to end of file" after exit was either slow or lossy. Output
/// lines are read from the files when asked for; helpers wait for a line with a bounded deadline.
/// The process is ended only by its own PID (`signal`, `terminateAndWait`).
public final class RunningProcess: Sendable {
    public let name: String
    private let process: Process
    private let output: OutputFiles

    /// Launches `executable` (a name from ``BuiltProducts``, or a path) with `arguments`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let path = executable.contains("/") ? executable : try BuiltProducts.path(of: executable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        self.name = (executable as NSString).lastPathComponent
        self.output = try OutputFiles(prefix: name)
        process.standardOutput = output.stdoutWriter
        process.standardError = output.stderrWriter
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try process.run()
        output.closeWriters()  // the child has its own copies
    }

    /// A test that ends early (a failed `try`, a thrown expectation) must not leave its child running:
    /// the last reference going away kills it.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }
    public var stdoutLines: [String] { output.snapshot().stdout }
    public var stderrLines: [String] { output.snapshot().stderr }

    /// Waits (bounded) for a stdout or stderr line containing `text`; returns it.
    public func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let exited = !process.isRunning  // looked at before reading: output written before the exit is in the files
            let lines = output.snapshot()
            if let line = (lines.stdout + lines.stderr).first(where: { $0.contains(text) }) { return line }
            if exited {
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

    /// Waits (bounded) for the process to exit and returns its status; all its output is readable then.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                throw ProcessRunnerError(message: "\(name) still running after \(timeout)\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    public func terminateAndWait(grace: Duration = .seconds(15)) async {
        signal(SIGTERM)
        if (try? await waitForExit(timeout: grace)) == nil {
            signal(SIGKILL)
            _ = try? await waitForExit(timeout: .seconds(5))
        }
    }

    /// The last 60 lines of each stream, for failure messages.
    public var transcript: String {
        let lines = output.snapshot()
        return "--- \(name) stdout ---\n" + lines.stdout.suffix(60).joined(separator: "\n")
            + "\n--- \(name) stderr ---\n" + lines.stderr.suffix(60).joined(separator: "\n")
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

/// A child's standard output and error captured in two temporary files (removed on deinit), read
/// incrementally and split into lines when asked for.
final class OutputFiles: Sendable {
    struct Lines {
        var stdout: [String]
        var stderr: [String]
    }

    private struct Stream {
        let path: String
        let reader: FileHandle
        var lines = LineSplitter()

        mutating func readNew() {
            let data = (try? reader.readToEnd()) ?? nil  // from the current offset to the file's end now
            if let data, !data.isEmpty { lines.append(Array(data)) }
        }
    }

    let stdoutWriter: FileHandle
    let stderrWriter: FileHandle
    private let streams: Mutex<(out: Stream, err: Stream)>

    init(prefix: String) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-\(prefix)-\(UUID().uuidString)").path
        func open(_ suffix: String) throws -> (FileHandle, Stream) {
            let path = base + suffix
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let writer = FileHandle(forWritingAtPath: path), let reader = FileHandle(forReadingAtPath: path) else {
                throw ProcessRunnerError(message: "cannot create the output file \(path)")
            }
            return (writer, Stream(path: path, reader: reader))
        }
        let (outWriter, out) = try open(".out")
        let (errWriter, err) = try open(".err")
        stdoutWriter = outWriter
        stderrWriter = errWriter
        streams = Mutex((out, err))
    }

    func closeWriters() {
        try? stdoutWriter.close()
        try? stderrWriter.close()
    }

    /// Every line written so far; an unfinished last line is included as it is.
    func snapshot() -> Lines {
        streams.withLock { s in
            s.out.readNew()
            s.err.readNew()
            return Lines(stdout: s.out.lines.linesWithPartial, stderr: s.err.lines.linesWithPartial)
        }
    }

    deinit {
        streams.withLock { s in
            for stream in [s.out, s.err] {
                try? stream.reader.close()
                try? FileManager.default.removeItem(atPath: stream.path)
            }
        }
    }
}

/// Splits bytes into lines as they arrive; bytes are kept until their line is complete, so a UTF-8
/// character split across two reads stays whole.
struct LineSplitter {
    private(set) var lines: [String] = []
    private var partial: [UInt8] = []

    mutating func append(_ bytes: [UInt8]) {
        partial += bytes
        var start = 0
        while let nl = partial[start...].firstIndex(of: 0x0A) {
            lines.append(String(decoding: partial[start..<nl], as: UTF8.self))
            start = nl + 1
        }
        partial.removeFirst(start)
    }

    /// The complete lines plus the unfinished last one, if any.
    var linesWithPartial: [String] { partial.isEmpty ? lines : lines + [String(decoding: partial, as: UTF8.self)] }
}
