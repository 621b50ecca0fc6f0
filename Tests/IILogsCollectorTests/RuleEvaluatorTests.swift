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
}
