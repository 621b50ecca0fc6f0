import IILogsAgent
import IILogsCore
import IILogsTesting
import Synchronization
import Testing

/// A sink that keeps lifecycle event names and counts flushes; flush returns a settable sequence.
final class LifecycleTestSink: BatchFlusher {
    let names = Mutex<[String]>([])
    func submit(_ record: Record, checkpoint: SourceCheckpoint?) async {
        if case .lifecycle(let event) = record { names.withLock { $0.append(event.name.rawValue) } }
    }
    func flush() async -> UInt64 { 0 }
}

@Suite struct LifecycleServiceTests {
    func service(_ spool: Spool, _ sink: LifecycleTestSink, bootID: String) -> LifecycleService {
        LifecycleService(options: .init(bootID: bootID, uptime: .seconds(12), agentVersion: "t", heartbeatInterval: .seconds(10),
                                        drainDeadline: .milliseconds(50)),
                         batcher: sink, spool: spool, logger: spoolTestLogger)
    }

    @Test func bootOnlyWhenTheBootIDChangesAndRecoveredAfterACrash() async throws {
        let dir = try TemporaryDirectory(prefix: "lifecycle")
        defer { dir.remove() }
        let first = LifecycleTestSink()
        #expect(await service(try openTestSpool(dir.path), first, bootID: "b1").recordStart())
        #expect(first.names.withLock { $0 } == ["boot", "agent-start"])  // a new spool is not a recovery

        let second = LifecycleTestSink()  // same boot, previous run never closed: a crash
        #expect(await service(try openTestSpool(dir.path), second, bootID: "b1").recordStart() == false)
        #expect(second.names.withLock { $0 } == ["agent-start", "agent-recovered"])

        let spool = try openTestSpool(dir.path)
        #expect(await service(spool, LifecycleTestSink(), bootID: "b1").drain())  // nothing spooled: clean
        try await spool.closeAfterDrain()
        let third = LifecycleTestSink()  // a reboot after a clean stop
        #expect(await service(try openTestSpool(dir.path), third, bootID: "b2").recordStart())
        #expect(third.names.withLock { $0 } == ["boot", "agent-start"])
    }

    @Test func drainRecordsTerminatingAndShutdownAndReportsTimeout() async throws {
        let dir = try TemporaryDirectory(prefix: "lifecycle")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        try await appendTestEntry(spool)  // never acknowledged: the drain times out
        let sink = LifecycleTestSink()
        let lifecycle = LifecycleService(options: .init(bootID: "b", uptime: nil, agentVersion: "t", heartbeatInterval: .seconds(10),
                                                        drainDeadline: .milliseconds(50)),
                                         batcher: FixedSequenceSink(sink: sink, sequence: 1), spool: spool, logger: spoolTestLogger)
        #expect(await lifecycle.drain() == false)
        #expect(sink.names.withLock { $0 } == ["terminating", "shutdown"])
        #expect(await spool.unacknowledgedEntries == 1)
        try await spool.closeAfterDrain()
        #expect(try openTestSpool(dir.path).previousRunEndedCleanly == false)
    }
}

/// Wraps a sink so flush reports `sequence` as spooled.
struct FixedSequenceSink: BatchFlusher {
    let sink: LifecycleTestSink
    let sequence: UInt64
    func submit(_ record: Record, checkpoint: SourceCheckpoint?) async { await sink.submit(record, checkpoint: checkpoint) }
    func flush() async -> UInt64 { sequence }
}
