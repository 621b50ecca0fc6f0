import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// The accounting of one fault case, printed as one line so it shows in CI's log:
/// `fault <case>: sent N, acknowledged A, found F, lost L, duplicated D[; note]`.
///
/// - sent: lines the test wrote (each carries `seq=N`, numbered from 0);
/// - acknowledged: lines the collector stored, hence acknowledged (`delivery.lines` of `iilogs instances`);
/// - found: lines `iilogs query` returned;
/// - lost: lines that had to be found and were not — every sent line, or for a case that drops on
///   purpose (a full spool) every acknowledged line;
/// - duplicated: lines found more than once;
/// - unreadable: acknowledged lines the case made unreadable on purpose (a damaged store chunk).
struct FaultCounts: CustomStringConvertible {
    var name: String
    var sent: Int
    var acknowledged: Int
    var found: Int
    var lost: Int
    var duplicated: Int
    var unreadable = 0
    var note: String

    /// Counts `found` sequence numbers against `expected` (every sent line when nil is not given).
    init(_ name: String, sent: Int, acknowledged: Int, found sequences: [Int], expected: Set<Int>? = nil, note: String = "") {
        let distinct = Set(sequences)
        self.name = name
        self.sent = sent
        self.acknowledged = acknowledged
        self.found = sequences.count
        self.duplicated = sequences.count - distinct.count
        if let expected {
            self.lost = expected.subtracting(distinct).count
        } else {
            self.lost = Set(0..<sent).subtracting(distinct).count
        }
        self.note = note
    }

    var description: String {
        "fault \(name): sent \(sent), acknowledged \(acknowledged), found \(found), lost \(lost), duplicated \(duplicated)"
            + (unreadable == 0 ? "" : ", unreadable \(unreadable)") + (note.isEmpty ? "" : "; \(note)")
    }

    /// Prints the line and expects no loss, no duplicate, and every acknowledged line found.
    func report(sourceLocation: SourceLocation = #_sourceLocation) {
        print(description)
        #expect(lost == 0, "\(self)", sourceLocation: sourceLocation)
        #expect(duplicated == 0, "\(self)", sourceLocation: sourceLocation)
        #expect(found + unreadable == acknowledged, "every stored (acknowledged) line is found once: \(self)", sourceLocation: sourceLocation)
    }
}

/// `iilogs instances ID --output json`: the instance's delivery accounting as the CLI shows it.
func instanceDetail(_ collector: CollectorUnderTest, instance: String) async throws -> APIInstance {
    let lines = try await runCLI(["instances", instance, "--collector", collector.httpURL, "--output", "json"])
    return try JSONDecoder().decode(APIInstance.self, from: Data(lines.joined(separator: "\n").utf8))
}

/// Runs `iilogs …` to completion and returns (stdout, stderr) lines.
func runCLIWithErrors(_ arguments: [String], timeout: Duration = .seconds(30)) async throws -> (stdout: [String], stderr: [String]) {
    let cli = try RunningProcess("iilogs", arguments)
    let status = try await cli.waitForExit(timeout: timeout)
    try #require(status == 0, "iilogs \(arguments.joined(separator: " ")) exited \(status)\n\(cli.transcript)")
    return (cli.stdoutLines, cli.stderrLines)
}

/// A system program exited with a failure status.
struct ToolFailed: Error, CustomStringConvertible {
    var description: String
}

/// Runs a system program (mount, sqlite3) to completion; returns its stdout lines, or throws with its transcript.
@discardableResult
func runTool(_ path: String, _ arguments: [String], timeout: Duration = .seconds(30)) async throws -> [String] {
    let tool = try RunningProcess(path, arguments)
    let status = try await tool.waitForExit(timeout: timeout)
    guard status == 0 else {
        throw ToolFailed(description: "\(path) \(arguments.joined(separator: " ")) exited \(status)\n\(tool.transcript)")
    }
    return tool.stdoutLines
}

/// `count` lines `"<prefix> seq=N <noise>"` from `start`; `noise` random hex characters defeat compression.
func numberedLines(_ prefix: String, from start: Int, count: Int, noise: Int = 0) -> [String] {
    (start..<(start + count)).map { seq in
        var line = "\(prefix) seq=\(seq)"
        if noise > 0 {
            line += " "
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<(noise / 16 + 1) { line += String(generator.next() as UInt64, radix: 16) }
        }
        return line
    }
}

/// Runs a system program to completion from synchronous code (a `defer`), ignoring its status.
func runToolSync(_ path: String, _ arguments: [String]) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return }
    process.waitUntilExit()
}
