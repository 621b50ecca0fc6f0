@testable import IILogsAgent
import IILogsCore
import IILogsTesting
import ServiceLifecycle
import Synchronization
import Testing

/// A source that submits `count` lines, waits for shutdown, then submits `lastWords` — as a tail does
/// when the instance's software logs its own stop after the lifecycle drain has begun.
struct AgentTestSource: Service {
    let sink: any RecordSink
    let count: Int
    var lastWords: [String] = []
    func run() async throws {
        for n in 0..<count {
            await sink.submit(.log(LogRecord(time: .now(), message: "line \(n)")), checkpoint: SourceCheckpoint(sourceKey: "test", position: [UInt8(n)]))
        }
        try? await gracefulShutdown()
        for (n, words) in lastWords.enumerated() {
            await sink.submit(.log(LogRecord(time: .now(), message: words)),
                              checkpoint: SourceCheckpoint(sourceKey: "test", position: [UInt8(count + n)]))
        }
    }
}

@Suite struct AgentTests {
    /// Runs the agent's services against a test collector with `source`, waits (bounded) until
    /// `linesBeforeStop` lines arrived, shuts down gracefully, closes the spool as `Agent.run` does and
    /// returns what the collector saw.
    func runAgent(in dir: TemporaryDirectory, flushInterval: Duration, linesBeforeStop: Int,
                  source: @escaping @Sendable (any RecordSink) -> AgentTestSource) async throws -> ShipperTestCollector.State {
        let collector = try await ShipperTestCollector(script: [])
        var settings = AgentSettings(collectorHost: "127.0.0.1", collectorPort: collector.port, token: "t",
                                     identity: InstanceIdentity(instanceID: "i-agent", imageVersion: "v1", bootID: "boot-x"),
                                     spoolDirectory: dir.path)
        settings.flushInterval = flushInterval
        settings.drainDeadline = .seconds(20)
        let agent = Agent(settings: settings, logger: spoolTestLogger) { sink, _ in [source(sink)] }
        let spool = try Spool(options: .init(directory: dir.path, maxBytes: settings.spoolMaxBytes, segmentBytes: settings.spoolSegmentBytes),
                              logger: spoolTestLogger)
        let group = ServiceGroup(configuration: .init(services: agent.makeServices(spool: spool), logger: spoolTestLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await collector.run() }
            tasks.addTask { try await group.run() }
            for _ in 0..<1000 where collector.state.withLock({ $0.logLines }) < linesBeforeStop { try await Task.sleep(for: .milliseconds(10)) }
            await group.triggerGracefulShutdown()
            try await tasks.next()
            tasks.cancelAll()
        }
        try await spool.closeAfterDrain()
        return collector.state.withLock { $0 }
    }

    @Test func runsEverythingAndDrainsCleanlyOnGracefulShutdown() async throws {
        let dir = try TemporaryDirectory(prefix: "agent")
        defer { dir.remove() }
        let state = try await runAgent(in: dir, flushInterval: .milliseconds(20), linesBeforeStop: 50) { AgentTestSource(sink: $0, count: 50) }
        #expect(state.logLines == 50)
        #expect(state.eventNames.prefix(2) == ["boot", "agent-start"])
        #expect(state.eventNames.suffix(2) == ["terminating", "shutdown"])
        #expect(state.stored.values.allSatisfy { $0 == 1 })
        let reopened = try openTestSpool(dir.path)
        #expect(reopened.previousRunEndedCleanly)
        #expect(await reopened.lastBootID == "boot-x")
        #expect(await reopened.checkpoint(for: "test") == [49])
    }

    @Test func linesReadAfterTheLifecycleDrainAreStillShipped() async throws {
        let dir = try TemporaryDirectory(prefix: "agent")
        defer { dir.remove() }
        // A long flush interval: the last words must go out through the shutdown flush, not the timer.
        let state = try await runAgent(in: dir, flushInterval: .seconds(5), linesBeforeStop: 10) {
            AgentTestSource(sink: $0, count: 10, lastWords: ["stopping worker", "bye"])
        }
        #expect(state.logLines == 12, "the two lines read after `shutdown` was recorded must be shipped too")
        #expect(state.eventNames.suffix(2) == ["terminating", "shutdown"])
        #expect(try openTestSpool(dir.path).previousRunEndedCleanly)
    }
}
