import ArgumentParser
import Foundation
import IILogsCore
import IILogsSimulation
import Logging

/// `iilogs bench agent`: CPU and resident memory of the real agent process, idle and shipping a tailed file.
struct AgentBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run iilogs-agent against an in-process collector; print its CPU and RSS idle and at a line rate."
    )

    @Option(help: ArgumentHelp("The agent executable (default: iilogs-agent beside this program).", valueName: "PATH")) var agent: String?
    @Option(help: "Idle phase, e.g. 10s.") var idle = "10s"
    @Option(help: "Loaded phase, e.g. 10s.") var load = "10s"
    @Option(help: "Lines per second appended to the tailed file in the loaded phase.") var linesPerSecond = 1000
    @Option(help: "The agent's --metrics-interval.") var metricsInterval = "10s"
    @Option(help: "Probe lines of the write-to-queryable latency phase, one per second at --lines-per-second (0 = skip).") var latencyProbes = 20

    func validate() throws {
        guard let idle = DurationParser.parse(idle), let load = DurationParser.parse(load), idle >= .seconds(1), load >= .seconds(1),
              idle <= .seconds(600), load <= .seconds(600) else { throw ValidationError("--idle and --load must be 1s–10m") }
        guard (1...200_000).contains(linesPerSecond) else { throw ValidationError("--lines-per-second must be 1–200000") }
        guard (0...600).contains(latencyProbes) else { throw ValidationError("--latency-probes must be 0–600") }
    }

    /// `latency  p50 … p99 … max …` of the probe lines, or why there is none.
    func latencyLine(_ latency: AgentBenchmark.Latency?) -> String {
        guard let latency, !latency.samples.isEmpty else { return "latency           not measured (--latency-probes 0)" }
        func ms(_ d: Duration) -> String { String(format: "%.0f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) }
        let missing = latency.missing == 0 ? "" : ", \(latency.missing) not found within 10 s (counted as 10 s)"
        return "latency           written → queryable: p50 \(ms(latency.quantile(0.5)))   p99 \(ms(latency.quantile(0.99)))   max \(ms(latency.quantile(1)))   (\(latency.samples.count) probes at \(linesPerSecond) lines/s\(missing))"
    }

    func run() async throws {
        let executable = agent ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("iilogs-agent").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no agent executable at \(executable); build it (swift build --product iilogs-agent) or pass --agent PATH")
        }
        var options = AgentBenchmark.Options(agentExecutable: executable)
        options.idle = DurationParser.parse(idle) ?? .seconds(10)
        options.load = DurationParser.parse(load) ?? .seconds(10)
        options.linesPerSecond = linesPerSecond
        options.metricsInterval = metricsInterval
        options.latencyProbes = latencyProbes
        let r = try await BenchWorkspace.run(folder: nil, prefix: "iilogs-bench-agent") { folder, logger, progress in
            try await AgentBenchmark(options: options, logger: logger).run(dataDirectory: folder, progress: progress)
        }
        let build = executable.contains("/debug/") ? "debug build" : executable.contains("/release/") ? "release build" : "build"
        func mib(_ bytes: UInt64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        func pct(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }
        emit("""
            iilogs bench agent — \(executable) (\(build)), pid \(r.agentPID), metrics \(metricsInterval == "off" || metricsInterval == "0" ? "off" : "every " + metricsInterval), one tailed file
            idle              \(String(format: "%5.1f", r.idle.seconds)) s   CPU \(pct(r.idle.cpuShareOfOneCore)) of one core   RSS \(mib(r.idle.residentBytes)) (max \(mib(r.idle.maxResidentBytes)))
            \(linesPerSecond) lines/s    \(String(format: "%5.1f", r.loaded.seconds)) s   CPU \(pct(r.loaded.cpuShareOfOneCore)) of one core   RSS \(mib(r.loaded.residentBytes)) (max \(mib(r.loaded.maxResidentBytes)))   \(r.loaded.linesWritten) lines written
            \(latencyLine(r.latency))
            delivered         \(r.linesStored) of \(r.loaded.linesWritten + (r.latency?.linesWritten ?? 0)) lines stored by the collector after SIGTERM and drain
            target (DESIGN.md): < 20 MiB resident, < 2% of one core at 1,000 lines/s with metrics; written → queryable < 2 s (p99)

            """)
    }
}
