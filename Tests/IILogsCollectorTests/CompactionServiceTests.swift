import Foundation
import IILogsCollector
import IILogsCore
import IILogsStore
import IILogsTesting
import Logging
import Testing

@Suite struct CompactionServiceTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// `count` one-line batches of `instance`, sequences from `first`.
    func send(_ store: SQLiteStore, _ instance: String, _ count: Int, first: UInt64 = 1) async throws {
        let identity = InstanceIdentity(instanceID: instance, imageVersion: "v1")
        for n in 0..<count {
            let sequence = first + UInt64(n)
            let block = LogBlockCodec.encode([LogRecord(time: Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000 + Int64(sequence) * 1_000_000_000),
                                                        app: "app", message: "line \(sequence)")])
            _ = try await store.append(IngestBatch(identity: identity, stream: StreamPosition(streamID: 1, sequence: sequence),
                                                   receivedAt: .now(), logs: block))
        }
    }

    @Test func aChunkIsMergedOnlyByThePassAfterTheOneThatFirstSawIt() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path, logger: Self.logger)
        let service = CompactionService(settings: CompactionSettings(), store: store, logger: Self.logger)
        try await send(store, "i-1", 5)

        // The first pass only notes the newest chunk: nothing has been stored for a whole interval yet
        #expect(await service.pass() == nil)
        try await send(store, "i-1", 3, first: 6)
        // The second merges the five chunks the first pass saw, not the three stored since
        let second = try #require(await service.pass())
        #expect(second.chunksMerged == 5 && second.chunksWritten == 1)
        // The third merges the merged chunk (5 lines, still small) with those three
        let third = try #require(await service.pass())
        #expect(third.chunksMerged == 4 && third.chunksWritten == 1)
        // And a fourth, with nothing new, examines no instance
        let fourth = try #require(await service.pass())
        #expect(fourth.instancesExamined == 0 && fourth.chunksWritten == 0)
        let lines = try await store.queryLogs(LogQuery(scope: .instance("i-1"), limit: 0)).lines.map(\.record.message)
        #expect(lines == (1...8).map { "line \($0)" })
        let counted = service.counters.snapshot
        #expect(counted.passes == 3 && counted.failedPasses == 0 && counted.totals.chunksMerged == 9 && counted.totals.chunksWritten == 2)
        #expect(counted.totals.linesRewritten == 13 && counted.totals.instancesExamined == 2)
        await store.close()
    }

    @Test func offOrOnAStoreThatCannotCompactItDoesNothingAndKeepsTheCollectorRunning() async throws {
        let store = InMemoryLogStore()
        let unsupported = CompactionService(settings: CompactionSettings(), store: store, logger: Self.logger)
        #expect(await unsupported.pass() == nil)
        #expect(try await runsUntilShutdown(unsupported))
        #expect(try await runsUntilShutdown(CompactionService(settings: CompactionSettings(isEnabled: false), store: store, logger: Self.logger)))
    }

    @Test func settingsRefuseBadLimitsNamingTheKey() {
        #expect(throws: SettingsError(key: "compactionTargetLines", problem: "must be 2–100000, got 1")) {
            try CompactionSettings(targetLines: 1).validate()
        }
        #expect(throws: SettingsError(key: "compactionSmallChunkLines", problem: "must be 2 to compactionTargetLines (4000), got 5000")) {
            try CompactionSettings(smallChunkLines: 5_000).validate()
        }
        #expect(throws: SettingsError(key: "compactionInterval", problem: "must be between 1s and 24h, got 0s")) {
            try CompactionSettings(interval: .zero).validate()
        }
        #expect(throws: SettingsError(key: "compactionMaxSpan", problem: "must be between 1s and 24h, got 2d")) {
            try CompactionSettings(maxSpan: .seconds(2 * 86_400)).validate()
        }
        #expect(throws: Never.self) { try CompactionSettings().validate() }
    }
}
