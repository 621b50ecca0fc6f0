import IILogsCore
import IILogsRules
import IILogsStore
import Logging
import Testing
@testable import IILogsCollector

@Suite struct RuleEvaluatorTests {
    static func t(_ seconds: Int64) -> Timestamp { Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + seconds * 1_000_000_000) }

    @Test func aScannedBatchKeepsTheMatchingLinesInTimeOrderWithTheirBatchIndexes() {
        // Given a batch whose event and sample fall between an OOM kill and a benign line
        let lines = [LogRecord(time: Self.t(1), app: "a", message: "first"),
                     LogRecord(time: Self.t(3), severity: .error, app: "kernel", message: "Out of memory: Killed process 4 (x)")]
        let batch = IngestBatch(identity: InstanceIdentity(instanceID: "i", imageVersion: "v"), stream: StreamPosition(streamID: 1, sequence: 7),
                                receivedAt: Self.t(4), logs: LogBlockCodec.encode(lines),
                                events: [LifecycleEvent(time: Self.t(2), name: .boot)],
                                metrics: [MetricSample(time: Self.t(3), name: "cpu.busy", value: 0.5)])
        // When it is scanned for the shipped rules
        let evaluator = RuleEvaluator(ruleFile: .defaults(), logger: Logger(label: "test"))
        let scanned = evaluator.scan(batch)
        // Then the benign line is only counted; the rest is in time order (line before sample at equal
        // times), each with (sequence, index in its kind)
        #expect(scanned.tally?.lineCount == 2 && scanned.tally?.errorLines == 1)
        #expect(scanned.records.map(\.time) == [Self.t(2), Self.t(3), Self.t(3)])
        if case .lifecycle(let event) = scanned.records[0] { #expect(event.name == .boot) } else { Issue.record("expected the boot event first") }
        if case .log(let line) = scanned.records[1] { #expect(line.app == "kernel") } else { Issue.record("expected the line before the sample") }
        #expect(scanned.refs.map(\.source) == [7, 7, 7])
        #expect(scanned.refs.map(\.offset) == [0, 1, 0])
        #expect(scanned.newestLineRef == EvidenceRef(source: 7, offset: 1))
    }

    /// Two collectors on one store: the agent moves from A to B and stays alive; A's engine sees it go silent but
    /// the registry says B heard it last, so A raises nothing. When the agent dies, only B flags it.
    @Test func onlyTheCollectorThatHeardAnInstanceLastCallsItLost() async throws {
        let store = InMemoryLogStore()
        let a = RuleEvaluator(ruleFile: .defaults(), logger: Logger(label: "test"), registry: .init(store: store, collectorID: "collector-a"))
        let b = RuleEvaluator(ruleFile: .defaults(), logger: Logger(label: "test"), registry: .init(store: store, collectorID: "collector-b"))
        let agent = InstanceIdentity(instanceID: "i-moving", imageVersion: "v1")
        var sequence: UInt64 = 0
        func deliver(_ events: [LifecycleEvent.Name], at seconds: Int64, to evaluator: RuleEvaluator, as collector: String) async throws {
            sequence += 1
            let batch = IngestBatch(identity: agent, stream: StreamPosition(streamID: 1, sequence: sequence), receivedAt: Self.t(seconds),
                                    logs: nil, events: events.map { LifecycleEvent(time: Self.t(seconds), name: $0) }, receivedBy: collector)
            #expect(try await store.append(batch) == .stored)
            await evaluator.observe(agent, scanned: evaluator.scan(batch))
        }

        // Given an agent that booted on A, then moved to B, heard every 10 s until t=400
        try await deliver([.boot, .ready], at: 0, to: a, as: "collector-a")
        try await deliver([.heartbeat], at: 10, to: a, as: "collector-a")
        for t in stride(from: 20, through: 400, by: 10) { try await deliver([.heartbeat], at: Int64(t), to: b, as: "collector-b") }

        // When both tick long after A last heard it, B while it still talks
        await a.tick(now: Self.t(300))
        await b.tick(now: Self.t(300))
        // And then after it died (nothing since t=400)
        await a.tick(now: Self.t(600))
        await b.tick(now: Self.t(600))
        await a.finish()
        await b.finish()

        // Then A left it to B, and B alone flagged it, once
        var flagsA: [Flag] = [], flagsB: [Flag] = []
        while let batch = await a.flagQueue.next(max: 100) { flagsA += batch }
        while let batch = await b.flagQueue.next(max: 100) { flagsB += batch }
        #expect(flagsA.isEmpty)
        #expect(await a.counters.handedOver == 1)
        #expect(flagsB.map(\.rule) == ["instance-lost"])
        #expect(await b.counters.handedOver == 0)
    }

    /// A single collector whose agent replays a spooled backlog: the records are older than the silence limit, but
    /// the registry heard them just now, so the instance is not called lost.
    @Test func aSpoolReplayOfOldRecordsIsNotSilence() async throws {
        let store = InMemoryLogStore()
        let evaluator = RuleEvaluator(ruleFile: .defaults(), logger: Logger(label: "test"), registry: .init(store: store, collectorID: "c"))
        let agent = InstanceIdentity(instanceID: "i-back", imageVersion: "v1")
        for (sequence, (recorded, received)) in [(0, 0), (10, 10), (20, 290), (30, 295)].enumerated() {
            let batch = IngestBatch(identity: agent, stream: StreamPosition(streamID: 1, sequence: UInt64(sequence + 1)), receivedAt: Self.t(Int64(received)),
                                    logs: nil, events: [LifecycleEvent(time: Self.t(Int64(recorded)), name: recorded == 0 ? .boot : .heartbeat)],
                                    receivedBy: "c")
            _ = try await store.append(batch)
            await evaluator.observe(agent, scanned: evaluator.scan(batch))
        }
        await evaluator.tick(now: Self.t(300))
        await evaluator.tick(now: Self.t(420))
        await evaluator.finish()
        var flags: [Flag] = []
        while let batch = await evaluator.flagQueue.next(max: 100) { flags += batch }
        #expect(flags.map(\.rule) == ["instance-lost"], "lost 2m after it was last heard (t=295s), not at t=150s")
        #expect(flags.first?.time == Self.t(420))
    }
}
