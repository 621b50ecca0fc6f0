import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// A collector executable started for a test, with the addresses it printed.
struct CollectorUnderTest {
    let process: RunningProcess
    /// `127.0.0.1:PORT` for agents.
    let agentAddress: String
    /// `http://127.0.0.1:PORT` for the CLI.
    let httpURL: String

    /// Starts `iilogs-collector` on port 0 (or given addresses) and waits for its `listening` line.
    static func start(data: String, listen: String = "127.0.0.1:0", http: String = "127.0.0.1:0",
                      extra: [String] = []) async throws -> CollectorUnderTest {
        let process = try RunningProcess("iilogs-collector", ["--data", data, "--listen", listen, "--http", http] + extra)
        let line = try await process.waitForLine(containing: "listening agents=")
        var agents = ""
        var httpAddress = ""
        for word in line.split(separator: " ") {
            if word.hasPrefix("agents=") { agents = String(word.dropFirst(7)) }
            if word.hasPrefix("http=") { httpAddress = String(word.dropFirst(5)) }
        }
        try #require(!agents.isEmpty && !httpAddress.isEmpty, "cannot parse: \(line)")
        return CollectorUnderTest(process: process, agentAddress: agents, httpURL: "http://\(httpAddress)")
    }

    var agentPort: Int { Int(agentAddress.split(separator: ":").last ?? "") ?? 0 }
    var httpPort: Int { Int(httpURL.split(separator: ":").last ?? "") ?? 0 }
}

/// Runs `iilogs …` to completion and returns its standard output lines.
func runCLI(_ arguments: [String], timeout: Duration = .seconds(30)) async throws -> [String] {
    let cli = try RunningProcess("iilogs", arguments)
    let status = try await cli.waitForExit(timeout: timeout)  // returns once the output pipes are drained too
    try #require(status == 0, "iilogs \(arguments.joined(separator: " ")) exited \(status)\n\(cli.transcript)")
    return cli.stdoutLines
}

/// Every stored line of one instance, oldest first, through `iilogs query --output jsonl`.
func queryAll(_ collector: CollectorUnderTest, instance: String, extra: [String] = []) async throws -> [APILogLine] {
    let lines = try await runCLI(["query", "--collector", collector.httpURL, "--instance", instance, "--output", "jsonl", "--limit", "0"] + extra)
    return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APILogLine.self, from: Data($0.utf8)) }
}

/// Polls `query` until `done` holds or the deadline passes; returns the last answer.
func waitFor<T>(_ what: String, timeout: Duration = .seconds(45), _ query: () async throws -> T,
                until done: (T) -> Bool) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    var last = try await query()
    while !done(last) {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out after \(timeout) waiting for \(what); last answer: \(last)")
            return last
        }
        try await Task.sleep(for: .milliseconds(200))
        last = try await query()
    }
    return last
}

/// Starts an agent for `instance` shipping to `collector`, with a spool in `folder`.
func startAgent(collector: String, instance: String, image: String, folder: TemporaryDirectory,
                extra: [String] = []) throws -> RunningProcess {
    try RunningProcess("iilogs-agent", ["run", "--collector", collector, "--instance-id", instance, "--image", image,
                                        "--spool", folder.file("spool-\(instance)"), "--heartbeat", "1s"] + extra)
}

/// Appends lines to a file, creating it when missing.
func appendLines(_ lines: [String], to path: String) throws {
    if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
}

/// A free loopback UDP port (bound and released; a small race is acceptable in tests).
func freeUDPPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { s -> Int32 in
            bind(fd, s, length)
            return getsockname(fd, s, &length)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The numbers `seq=N` in messages, in order.
func sequenceNumbers(_ lines: [APILogLine], prefix: String) -> [Int] {
    lines.compactMap { line -> Int? in
        guard let range = line.message.range(of: prefix + " seq=") else { return nil }
        return Int(line.message[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Waits (bounded) until `path` exists, e.g. an agent's syslog socket once its source has bound it.
func waitForFile(_ path: String, timeout: Duration = .seconds(15)) async throws {
    let deadline = ContinuousClock.now + timeout
    while !FileManager.default.fileExists(atPath: path) {
        guard ContinuousClock.now < deadline else {
            Issue.record("\(path) did not appear within \(timeout)")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
