import IILogsAgent
import IILogsCore
import IILogsTesting
import Synchronization
import Testing

/// Replays a script of poll results, then keeps answering the last one.
final class ScriptedNoticeSource: InterruptionNoticeSource {
    enum Step: Sendable { case poll(InterruptionPoll), fail }
    let steps: Mutex<[Step]>
    let polls = Mutex(0)
    init(_ steps: [Step]) { self.steps = Mutex(steps) }
    func poll() async throws -> InterruptionPoll {
        polls.withLock { $0 += 1 }
        let step = steps.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
        switch step {
        case .poll(let result): return result
        case .fail: throw CancellationError()
        }
    }
}

@Suite struct InterruptionWatcherTests {
    @Test func eachDistinctNoticeIsHandedOnceAndFailuresDoNotStopPolling() async throws {
        let terminate = InterruptionNotice(kind: .aws, action: "terminate", time: "t1")
        let source = ScriptedNoticeSource([.fail, .poll(.unexpected("HTTP 500")), .poll(.none), .poll(.notice(terminate)),
                                           .poll(.notice(terminate)), .fail, .poll(.notice(terminate))])
        let handed = Mutex<[InterruptionNotice]>([])
        var settings = InterruptionSettings()
        settings.pollInterval = .milliseconds(5)
        let watcher = InterruptionWatcher(settings: settings, source: source, logger: spoolTestLogger) { notice in
            handed.withLock { $0.append(notice) }
        }
        let task = Task { try await watcher.run() }
        // Past the whole script and a few repeats of its last step; bounded generously (a busy test run can starve the pool).
        let deadline = ContinuousClock.now + .seconds(120)
        while source.polls.withLock({ $0 }) < 10, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        try await task.value
        #expect(source.polls.withLock { $0 } >= 10)
        #expect(handed.withLock { $0 } == [terminate])
    }

    @Test func failureLogGateLetsOneLinePerInterval() {
        var gate = FailureLogGate(interval: .seconds(60))
        let start = ContinuousClock.now
        #expect(gate.admit(at: start) == (true, 0))
        #expect(gate.admit(at: start + .seconds(1)) == (false, 0))
        #expect(gate.admit(at: start + .seconds(59)) == (false, 0))
        #expect(gate.admit(at: start + .seconds(60)) == (true, 2))
        #expect(gate.admit(at: start + .seconds(61)) == (false, 0))
    }

    @Test func recordInterruptionRecordsTerminatingWithTheNoticeAndReportsTheAck() async throws {
        let dir = try TemporaryDirectory(prefix: "interruption")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let sequence = try await appendTestEntry(spool)
        let sink = EventKeepingSink(sequence: sequence)
        let lifecycle = LifecycleService(options: .init(bootID: "b", uptime: nil, agentVersion: "t", heartbeatInterval: .seconds(10),
                                                        drainDeadline: .milliseconds(100)),
                                         batcher: sink, spool: spool, logger: spoolTestLogger)
        let notice = InterruptionNotice(kind: .aws, action: "terminate", time: "2026-11-23T17:02:00Z")

        // Not acknowledged: reported false after the drain deadline.
        #expect(await lifecycle.recordInterruption(notice) == false)
        // Acknowledged: true.
        try await spool.acknowledge(through: sequence)
        #expect(await lifecycle.recordInterruption(notice))

        let recorded = sink.events.withLock { $0 }
        #expect(recorded.map(\.name) == [.terminating, .terminating])
        let event = try #require(recorded.first)
        #expect(event.detail == "aws spot interruption notice: action=terminate time=2026-11-23T17:02:00Z")
        #expect(event.fields.map(\.name) == ["reason", "cloud", "action", "action_time"])
        #expect(event.fields.map(\.value) == ["interruption-notice", "aws", "terminate", "2026-11-23T17:02:00Z"])
        try await spool.closeAfterDrain()
    }
}

/// Keeps lifecycle events; flush reports `sequence` as spooled.
final class EventKeepingSink: BatchFlusher {
    let events = Mutex<[LifecycleEvent]>([])
    let sequence: UInt64
    init(sequence: UInt64) { self.sequence = sequence }
    func submit(_ record: Record, checkpoint: SourceCheckpoint?) async {
        if case .lifecycle(let event) = record { events.withLock { $0.append(event) } }
    }
    func flush() async -> UInt64 { sequence }
}
