import ArgumentParser
import Foundation
import IILogsCore
import IILogsSimulation

/// `iilogs bench soak`: many agents against the real collector for a bounded time; lines sent, stored,
/// lost and duplicated (read back from the store) and the collector's peak memory.
struct SoakBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run many agents against iilogs-collector for a bounded time; print lines sent, stored, lost, duplicated and the collector's peak memory.",
        discussion: """
            The agents run in this process (real agents: spool, batcher, shipper, lifecycle); the collector is the \
            iilogs-collector executable beside this program (or --collector-executable), so its peak RSS (VmHWM) is its own. \
            After --duration every agent is stopped gracefully (drain), then each instance's lines are read back through \
            the HTTP API and their sequence numbers compared with what was sent. Exits 1 when a line was lost or duplicated.
            """
    )

    @Option(help: "Agents (instances) shipping at once.") var agents = 4
    @Option(help: "How long the agents write lines, e.g. 60s.") var duration = "60s"
    @Option(help: "Lines per second written into each agent.") var linesPerSecond = 100
    @Option(help: "Each agent's drain deadline when it is stopped.") var drainDeadline = "30s"
    @Option(help: ArgumentHelp("The collector executable (default: iilogs-collector beside this program).", valueName: "PATH"))
    var collectorExecutable: String?
    @Flag(help: "Print the result as one JSON object.") var json = false
    @Option(help: ArgumentHelp("Work folder (default: a fresh temporary folder, removed afterwards).", valueName: "DIR")) var data: String?

    func validate() throws {
        guard (1...500).contains(agents) else { throw ValidationError("--agents must be 1–500") }
        guard let duration = DurationParser.parse(duration), duration >= .seconds(1), duration <= .seconds(3600) else {
            throw ValidationError("--duration must be 1s–1h")
        }
        guard (1...100_000).contains(linesPerSecond) else { throw ValidationError("--lines-per-second must be 1–100000") }
        guard let drain = DurationParser.parse(drainDeadline), drain > .zero, drain <= .seconds(600) else {
            throw ValidationError("--drain-deadline must be 1ms–600s")
        }
    }

    func run() async throws {
        let executable = collectorExecutable ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("iilogs-collector").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no collector executable at \(executable); build it (swift build --product iilogs-collector) or pass --collector-executable PATH")
        }
        var options = SoakRun.Options(collectorExecutable: executable)
        options.agents = agents
        options.duration = DurationParser.parse(duration) ?? .seconds(60)
        options.linesPerSecond = linesPerSecond
        options.drainDeadline = DurationParser.parse(drainDeadline) ?? .seconds(30)
        let r = try await BenchWorkspace.run(folder: data, prefix: "iilogs-bench-soak") { folder, logger, progress in
            try await SoakRun(options: options, logger: logger).run(dataDirectory: folder, progress: progress)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            emit(String(decoding: try encoder.encode(r), as: UTF8.self))
        } else {
            let build = executable.contains("/debug/") ? "debug build" : executable.contains("/release/") ? "release build" : "build"
            func mib(_ bytes: UInt64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
            let t = r.total
            emit("""
                iilogs bench soak — \(r.agents) agents × \(r.linesPerSecondPerAgent) lines/s for \(String(format: "%.1f", r.sendingSeconds)) s; collector \(executable) (\(build)), pid \(r.collectorPID)
                sent        \(t.sent) lines (\(String(format: "%.0f", Double(t.sent) / max(r.sendingSeconds, 0.001))) lines/s)
                stored      \(t.stored) distinct sent lines found by reading each instance back
                lost        \(t.lost)
                duplicated  \(t.duplicated)\(t.unexpected > 0 ? "\nunexpected  \(t.unexpected) stored soak lines with a number never sent" : "")
                drain       \(String(format: "%.2f", r.drainSeconds)) s from the stop request until every agent had drained and stopped
                collector   peak RSS (VmHWM) \(mib(r.collectorPeakBytes)) after the drain; \(mib(r.collectorPeakBytesAfterReadBack)) including the read-back queries; RSS now \(mib(r.collectorResidentBytes))

                """)
        }
        if r.total.lost > 0 || r.total.duplicated > 0 || r.total.unexpected > 0 { throw ExitCode(1) }
    }
}
