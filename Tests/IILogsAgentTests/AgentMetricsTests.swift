@testable import IILogsAgent
import IILogsCore
import IILogsTesting
import NIOCore
import ServiceLifecycle
import Testing

@Suite("Agent metrics")
struct AgentMetricsTests {
    /// The metric samples of every spooled batch.
    func spooledMetrics(_ spool: Spool) async throws -> [MetricSample] {
        var samples: [MetricSample] = []
        for entry in try await spool.entries(after: 0, limit: 10_000) {
            var buffer = ByteBuffer(bytes: entry.payload)
            if case .batch(let batch) = try WireCodec.decodeFrame(&buffer) { samples += batch.metrics }
        }
        return samples
    }

    @Test func sampledMetricsAndAgentCountersReachTheSpool() async throws {
        // Given an agent whose collector is unreachable (port 1 refuses), so every batch stays in the spool.
        let dir = try TemporaryDirectory(prefix: "agent-metrics")
        defer { dir.remove() }
        var settings = AgentSettings(collectorHost: "127.0.0.1", collectorPort: 1, token: "t",
                                     identity: InstanceIdentity(instanceID: "i-metrics", imageVersion: "v1", bootID: "boot-m"),
                                     spoolDirectory: dir.path)
        settings.flushInterval = .milliseconds(20)
        settings.drainDeadline = .zero
        settings.metrics.interval = .seconds(1)
        let agent = Agent(settings: settings, logger: spoolTestLogger) { sink, _ in [AgentTestSource(sink: sink, count: 3)] }
        let spool = try Spool(options: .init(directory: dir.path, maxBytes: settings.spoolMaxBytes, segmentBytes: settings.spoolSegmentBytes),
                              logger: spoolTestLogger)
        let group = ServiceGroup(configuration: .init(services: agent.makeServices(spool: spool), logger: spoolTestLogger))

        // When it runs until a second sampling round (CPU fractions need two) is spooled.
        var samples: [MetricSample] = []
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<500 {
                samples = try await spooledMetrics(spool)
                if samples.contains(where: { $0.name == "cpu.busy" }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            await group.triggerGracefulShutdown()
            try await tasks.next()
            tasks.cancelAll()
        }

        // Then host metrics, the agent's own figures and its counters are in the batches.
        let names = Set(samples.map(\.name))
        for name in ["cpu.busy", "cpu.iowait", "mem.available_bytes", "load.1m", "proc.count", "disk.used_bytes",
                     "agent.rss_bytes", "agent.cpu", "agent.records_read", "agent.records_spooled", "agent.spool_bytes"] {
            #expect(names.contains(name), "\(name) missing")
        }
        let busy = try #require(samples.first { $0.name == "cpu.busy" })
        #expect((0...1).contains(busy.value))
        #expect(busy.unit == "ratio")
        #expect(samples.contains { $0.name == "disk.used_bytes" && $0.labels == [LogField("mount", "/")] })
        // The second round counts at least the test source's three lines and the first round's samples.
        let read = samples.filter { $0.name == "agent.records_read" }.map(\.value).max() ?? 0
        #expect(read >= 3)
        let rss = try #require(samples.first { $0.name == "agent.rss_bytes" })
        #expect(rss.value > Double(1 << 20))
    }

    @Test func statsdUpdatesAreFlushedIntoTheSpoolWhenTheAgentStops() async throws {
        // Given an agent with a StatsD socket, a flush interval far away and no reachable collector.
        let dir = try TemporaryDirectory(prefix: "agent-statsd")
        defer { dir.remove() }
        var settings = AgentSettings(collectorHost: "127.0.0.1", collectorPort: 1, token: "t",
                                     identity: InstanceIdentity(instanceID: "i-statsd", imageVersion: "v1", bootID: "boot-s"),
                                     spoolDirectory: dir.path)
        settings.flushInterval = .milliseconds(20)
        settings.drainDeadline = .zero
        settings.metrics.interval = nil
        settings.metrics.statsdSocketPath = dir.path + "/statsd.sock"
        settings.metrics.statsdFlushInterval = .seconds(3600)
        let agent = Agent(settings: settings, logger: spoolTestLogger) { _, _ in [] }
        let spool = try Spool(options: .init(directory: dir.path, maxBytes: settings.spoolMaxBytes, segmentBytes: settings.spoolSegmentBytes),
                              logger: spoolTestLogger)
        let group = ServiceGroup(configuration: .init(services: agent.makeServices(spool: spool), logger: spoolTestLogger))

        // When an application sends a counter and an event, then the agent is stopped gracefully.
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var sent = false
            for _ in 0..<500 where !sent {
                sent = (try? SyslogTestSender.unixDatagram(Array("app.jobs:3|c\nevent:cache-warm|done".utf8), to: dir.path + "/statsd.sock")) != nil
                if !sent { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(sent)
            try await Task.sleep(for: .milliseconds(200))
            await group.triggerGracefulShutdown()
            try await tasks.next()
            tasks.cancelAll()
        }

        // Then the final StatsD flush was spooled before the lifecycle drain closed the spool.
        let reopened = try openTestSpool(dir.path, maxBytes: settings.spoolMaxBytes, segmentBytes: settings.spoolSegmentBytes)
        let samples = try await spooledMetrics(reopened)
        #expect(samples.contains { $0.name == "app.jobs" && $0.value == 3 })
        var events: [String] = []
        for entry in try await reopened.entries(after: 0, limit: 10_000) {
            var buffer = ByteBuffer(bytes: entry.payload)
            if case .batch(let batch) = try WireCodec.decodeFrame(&buffer) { events += batch.events.map(\.name.rawValue) }
        }
        #expect(events.contains("cache-warm"))
        #expect(events.suffix(2) == ["terminating", "shutdown"], "the StatsD flush came before the drain")
    }

    @Test func anAgentWithMetricsOffRunsNoSampler() throws {
        var settings = AgentSettings(collectorHost: "127.0.0.1", collectorPort: 1,
                                     identity: InstanceIdentity(instanceID: "i", imageVersion: "v", bootID: "b"), spoolDirectory: "/tmp/x")
        settings.metrics.interval = nil
        let agent = Agent(settings: settings, logger: spoolTestLogger) { _, _ in [] }
        let services = agent.metricsServices(sink: CountingSink(InputCollectingSink()), statsdStats: StatsDStats(), counters: { nil })
        #expect(services.isEmpty)
        settings.metrics.interval = .seconds(5)
        settings.metrics.statsdUDP = "127.0.0.1:0"
        let both = Agent(settings: settings, logger: spoolTestLogger) { _, _ in [] }
            .metricsServices(sink: InputCollectingSink(), statsdStats: StatsDStats(), counters: { nil })
        #expect(both.map(\.name) == ["metrics", "statsd"])
    }
}
