import IILogsCore
import IILogsStore
import Logging
import Testing
@testable import IILogsCollector

@Suite struct RuleEvaluatorTests {
    static func t(_ seconds: Int64) -> Timestamp { Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + seconds * 1_000_000_000) }

    @Test func batchRecordsAreMergedInTimeOrderWithTheirBatchIndexes() {
        // Given a batch whose event and sample fall between its lines
        let lines = [LogRecord(time: Self.t(1), app: "a", message: "first"), LogRecord(time: Self.t(3), app: "a", message: "third")]
        let batch = IngestBatch(identity: InstanceIdentity(instanceID: "i", imageVersion: "v"), stream: StreamPosition(streamID: 1, sequence: 7),
                                receivedAt: Self.t(4), logs: LogBlockCodec.encode(lines),
                                events: [LifecycleEvent(time: Self.t(2), name: .boot)],
                                metrics: [MetricSample(time: Self.t(3), name: "cpu.busy", value: 0.5)])
        // When it is prepared for the engine
        let (records, refs) = RuleEvaluator.records(of: batch, logger: Logger(label: "test"))
        // Then the records are in time order (line before sample at equal times), each with (sequence, index in its kind)
        #expect(records.map(\.time) == [Self.t(1), Self.t(2), Self.t(3), Self.t(3)])
        if case .lifecycle(let event) = records[1] { #expect(event.name == .boot) } else { Issue.record("expected the boot event second") }
        if case .log(let line) = records[2] { #expect(line.message == "third") } else { Issue.record("expected the line before the sample") }
        #expect(refs.map(\.source) == [7, 7, 7, 7])
        #expect(refs.map(\.offset) == [0, 0, 1, 0])
    }
}
