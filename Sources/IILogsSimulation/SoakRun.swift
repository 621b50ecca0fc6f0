import Foundation
import IILogsAgent
import IILogsCore
import IILogsReports
import IILogsStore
public import Logging
import ServiceLifecycle

/// `iilogs bench soak`: many real agents (in this process, each its own ``Agent`` with spool, batcher,
/// shipper and lifecycle, fed by a ``SoakSource``) ship over loopback TCP for a bounded time to the real
/// `iilogs-collector` executable started as a child. Then every agent is stopped gracefully (drain), each
/// instance's lines are read back through the HTTP API and their sequence numbers compared with what was
/// sent: lost and duplicated lines are counted from the store, not from counters. The collector's peak
/// resident memory is its own `VmHWM` from `/proc/PID/status`.
public struct SoakRun: Sendable {
    public struct Options: Sendable {
        /// The collector executable.
        public var collectorExecutable: String
        /// Agents (instances) shipping at once.
        public var agents = 4
        /// How long the sources write.
        public var duration: Duration = .seconds(60)
        /// Lines per second each agent's source writes.
        public var linesPerSecond = 100
        /// Each agent's drain deadline when it is stopped.
        public var drainDeadline: Duration = .seconds(30)

        /// Options with the defaults above.
        public init(collectorExecutable: String) { self.collectorExecutable = collectorExecutable }
    }

    /// The figures of one soak.
    public struct Result: Sendable, Codable {
        public var agents: Int
        public var linesPerSecondPerAgent: Int
        public var sendingSeconds: Double
        /// From the stop request until every agent had drained and stopped.
        public var drainSeconds: Double
        /// All instances together.
        public var total: SoakTally
        /// Instance ID → its tally.
        public var instances: [String: SoakTally]
        public var collectorPID: Int32
        /// The collector's `VmHWM` once the agents had drained, before the read-back queries.
        public var collectorPeakBytes: UInt64
        /// The collector's `VmHWM` after the read-back (the queries' own cost included).
        public var collectorPeakBytesAfterReadBack: UInt64
        /// The collector's `VmRSS` at the end.
        public var collectorResidentBytes: UInt64
    }

    /// Why the soak could not run.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// `soak-NN`.
    public static func instanceID(_ index: Int) -> String { "soak-\(index < 10 ? "0" : "")\(index)" }

    public func run(dataDirectory: String, progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        let o = options
        let collector = try await SoakCollectorProcess.start(executable: o.collectorExecutable, folder: dataDirectory)
        progress("collector pid \(collector.process.pid) listening on \(collector.agentHost):\(collector.agentPort), \(collector.httpURL)")
        do {
            let result = try await soak(collector: collector, dataDirectory: dataDirectory, progress: progress)
            await collector.process.stop(grace: .seconds(15))
            return result
        } catch {
            await collector.process.stop(grace: .seconds(5))
            throw error
        }
    }

    private func soak(collector: SoakCollectorProcess, dataDirectory: String, progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        let o = options
        let ids = (1...o.agents).map(Self.instanceID)
        let counts = ids.map { _ in SoakSource.Count() }
        let groups = zip(ids, counts).map { id, count in
            ServiceGroup(configuration: .init(services: [.init(service: AgentService(agent: makeAgent(id: id, collector: collector,
                                                                                                      dataDirectory: dataDirectory, count: count)))],
                                              logger: logger))
        }
        let clock = ContinuousClock()
        let start = clock.now
        var drainStart = start
        progress("\(o.agents) agents × \(o.linesPerSecond) lines/s for \(DurationParser.format(o.duration))…")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for serviceGroup in groups { group.addTask { try await serviceGroup.run() } }
            try await clock.sleep(until: start.advanced(by: o.duration))
            // A source that falls behind (a busy machine) catches up on its grid; wait for it, bounded.
            let catchUp = clock.now.advanced(by: o.duration + .seconds(60))
            while !counts.allSatisfy(\.finished), clock.now < catchUp { try await Task.sleep(for: .milliseconds(20)) }
            drainStart = clock.now
            progress("sources done (\(counts.map(\.current).reduce(0, +)) lines); stopping the agents (drain ≤ \(DurationParser.format(o.drainDeadline)))…")
            for serviceGroup in groups { await serviceGroup.triggerGracefulShutdown() }
            try await group.waitForAll()
        }
        let drainSeconds = (clock.now - drainStart).seconds
        let peak = collector.memory()?.peak ?? 0
        progress("agents stopped; reading every instance back from the collector…")
        let client = CollectorClient(endpoint: try HTTPEndpoint(parsing: collector.httpURL), timeout: .seconds(120))
        var tallies: [String: SoakTally] = [:]
        for (id, count) in zip(ids, counts) {
            let lines = try await client.logs(LogQuery(scope: .instance(id), limit: 0, keep: .oldest)).lines
            tallies[id] = SoakTally(sent: count.current, storedSequences: lines.lazy.compactMap { SoakSource.sequence(in: $0.message, instanceID: id) })
        }
        let memory = collector.memory()
        return Result(agents: o.agents, linesPerSecondPerAgent: o.linesPerSecond, sendingSeconds: (drainStart - start).seconds,
                      drainSeconds: drainSeconds, total: tallies.values.reduce(.zero, +), instances: tallies, collectorPID: collector.process.pid,
                      collectorPeakBytes: peak, collectorPeakBytesAfterReadBack: memory?.peak ?? 0, collectorResidentBytes: memory?.current ?? 0)
    }

    private func makeAgent(id: String, collector: SoakCollectorProcess, dataDirectory: String, count: SoakSource.Count) -> Agent {
        let identity = InstanceIdentity(instanceID: id, imageVersion: "soak", bootID: "boot-\(id)", labels: ["service": "soak"])
        var settings = AgentSettings(collectorHost: collector.agentHost, collectorPort: collector.agentPort, identity: identity,
                                     spoolDirectory: "\(dataDirectory)/spool/\(id)")
        settings.drainDeadline = options.drainDeadline
        var agentLogger = logger
        agentLogger[metadataKey: "instance"] = "\(id)"
        let rate = options.linesPerSecond
        let duration = options.duration
        return Agent(settings: settings, logger: agentLogger) { sink, _ in
            [SoakSource(sink: sink, instanceID: id, linesPerSecond: rate, duration: duration, sent: count)]
        }
    }
}
