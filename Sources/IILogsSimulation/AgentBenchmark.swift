import Foundation
import IILogsAgent
import IILogsCollector
import IILogsCore
import IILogsStore
public import Logging
import ServiceLifecycle

/// `iilogs bench agent`: starts the real `iilogs-agent` executable against an in-process collector and
/// measures the agent process's CPU (utime + stime from `/proc/PID/stat`) and resident memory (`VmRSS`
/// from `/proc/PID/status`) while idle and while it tails a file growing at a fixed line rate.
/// Every phase is bounded in time; the agent is stopped with SIGTERM (killed if it does not exit).
public struct AgentBenchmark: Sendable {
    public struct Options: Sendable {
        /// The agent executable.
        public var agentExecutable: String
        /// Length of the idle phase.
        public var idle: Duration = .seconds(10)
        /// Length of the loaded phase.
        public var load: Duration = .seconds(10)
        /// Lines appended to the tailed file per second in the loaded phase.
        public var linesPerSecond = 1000
        /// The agent's `--metrics-interval` (the sampler's cost is part of the figures).
        public var metricsInterval = "10s"
        /// Probe lines of the latency phase (one per second, at ``linesPerSecond``); 0 skips it.
        public var latencyProbes = 20

        public init(agentExecutable: String) { self.agentExecutable = agentExecutable }
    }

    /// CPU and memory of one phase.
    public struct Phase: Sendable {
        public var seconds: Double
        /// CPU seconds of the agent over the phase, as a share of one core.
        public var cpuShareOfOneCore: Double
        /// `VmRSS` at the end of the phase and the highest seen (sampled every 100 ms).
        public var residentBytes: UInt64
        public var maxResidentBytes: UInt64
        public var linesWritten: Int
    }

    public struct Result: Sendable {
        public var idle: Phase
        public var loaded: Phase
        /// Log lines the collector stored for the benchmark instance after the agent stopped.
        public var linesStored: Int
        /// Write-to-queryable latency of the probe lines (nil when ``Options/latencyProbes`` is 0).
        public var latency: Latency?
        public var agentPID: Int32
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run(dataDirectory: String, progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        let o = options
        let store = try SQLiteStore(directory: dataDirectory + "/collector", logger: logger)
        let settings = CollectorSettings(dataDirectory: dataDirectory + "/collector", agentListen: .init(host: "127.0.0.1", port: 0),
                                         httpListen: .init(host: "127.0.0.1", port: 0))
        let collector = Collector(settings: settings, store: store, logger: logger, closesStoreOnExit: false)
        let collectorGroup = ServiceGroup(configuration: .init(services: [.init(service: collector)], logger: logger))
        let logPath = dataDirectory + "/app.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let result: Result = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collectorGroup.run() }
            let addresses = try await collector.addresses()
            let agent = Process()
            agent.executableURL = URL(fileURLWithPath: o.agentExecutable)
            agent.arguments = ["run", "--collector", "\(addresses.agents.host):\(addresses.agents.port)", "--instance-id", "bench-agent",
                               "--image", "bench", "--spool", dataDirectory + "/spool", "--tail", logPath,
                               "--metrics-interval", o.metricsInterval, "--log-level", "warning"]
            agent.standardOutput = FileHandle.nullDevice
            try agent.run()
            let pid = agent.processIdentifier
            defer { if agent.isRunning { kill(pid, SIGKILL) } }
            progress("agent pid \(pid) shipping to \(addresses.agents); waiting for it to start…")
            // Started once its control socket exists (bounded).
            for _ in 0..<200 where !FileManager.default.fileExists(atPath: dataDirectory + "/spool/control.sock") {
                guard agent.isRunning else { throw Failure(description: "iilogs-agent exited at start (status \(agent.terminationStatus))") }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .seconds(1))  // let start-up work (first batches, first sample) settle
            progress("idle for \(DurationParser.format(o.idle))…")
            let idle = try await measure(pid: pid, for: o.idle, linesPerSecond: 0, logPath: logPath)
            progress("appending \(o.linesPerSecond) lines/s for \(DurationParser.format(o.load))…")
            let loaded = try await measure(pid: pid, for: o.load, linesPerSecond: o.linesPerSecond, logPath: logPath)
            var latency: Latency?
            if o.latencyProbes > 0 {
                progress("latency: \(o.latencyProbes) probe lines, one per second, among \(o.linesPerSecond) lines/s…")
                latency = try await measureLatency(probes: o.latencyProbes, linesPerSecond: o.linesPerSecond, logPath: logPath, store: store)
            }
            try await Task.sleep(for: .seconds(2))  // let the tail and the shipper catch up before stopping
            progress("stopping the agent (SIGTERM, drain)…")
            kill(pid, SIGTERM)
            for _ in 0..<600 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            let filter = InstanceFilter(instanceID: "bench-agent", now: .now(), lostAfter: .seconds(3600))
            let stored = try await store.instances(filter).first?.delivery.lines ?? 0
            await collectorGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return Result(idle: idle, loaded: loaded, linesStored: stored, latency: latency, agentPID: pid)
        }
        await store.close()
        return result
    }

    /// Samples the process every 100 ms for `duration`, appending `linesPerSecond / 10` lines each tick.
    private func measure(pid: Int32, for duration: Duration, linesPerSecond: Int, logPath: String) async throws -> Phase {
        let reader = ProcReader()
        func status() throws -> ProcessStatus {
            guard let ticks = reader.text("/proc/\(pid)/stat").flatMap(ProcessStatus.cpuTicks(stat:)),
                  let rss = reader.text("/proc/\(pid)/status").flatMap(ProcessStatus.residentBytes(status:)) else {
                throw Failure(description: "cannot read /proc/\(pid): did the agent exit?")
            }
            return ProcessStatus(cpuTicks: ticks, residentBytes: rss)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        let clock = ContinuousClock()
        let start = clock.now
        let first = try status()
        var maxRSS = first.residentBytes
        var written = 0
        var tick = 0
        let ticks = Int(duration.components.seconds * 10) + Int(duration.components.attoseconds / 100_000_000_000_000_000)
        while tick < ticks {
            tick += 1
            let due = tick * linesPerSecond / 10
            if due > written {
                var text = ""
                for n in written..<due {
                    text += "2026-11-23T12:00:00.000Z INFO worker[\(n % 16)] request id=\(n) path=/api/v1/items status=200 bytes=\(n % 9000) took=\(n % 97)ms\n"
                }
                try handle.write(contentsOf: Data(text.utf8))
                written = due
            }
            try await clock.sleep(until: start.advanced(by: .milliseconds(100 * tick)))
            maxRSS = max(maxRSS, try status().residentBytes)
        }
        let last = try status()
        let seconds = (clock.now - start).seconds
        let cpu = Double(last.cpuTicks - first.cpuTicks) / Double(ProcessStatus.ticksPerSecond)
        return Phase(seconds: seconds, cpuShareOfOneCore: cpu / seconds, residentBytes: last.residentBytes,
                     maxResidentBytes: max(maxRSS, last.residentBytes), linesWritten: written)
    }
}
