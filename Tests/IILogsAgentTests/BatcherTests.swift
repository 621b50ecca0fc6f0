import IILogsAgent
import IILogsCore
import IILogsTesting
import Testing

/// What the fake frame encoder keeps of a batch: counts and the drop counter, readable back from the spool.
struct BatcherTestFrame: Equatable {
    var sequence: UInt64
    var logLines: Int
    var events: Int
    var metrics: Int
    var dropped: UInt64

    static func encode(_ batch: Batch) -> [UInt8] {
        let values = [batch.sequence, UInt64(batch.logs?.summary.lineCount ?? 0), UInt64(batch.events.count),
                      UInt64(batch.metrics.count), batch.droppedRecords]
        return values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
    }

    init(sequence: UInt64, logLines: Int, events: Int, metrics: Int, dropped: UInt64) {
        (self.sequence, self.logLines, self.events, self.metrics, self.dropped) = (sequence, logLines, events, metrics, dropped)
    }

    init(_ bytes: [UInt8]) {
        let v = (0..<5).map { i in bytes[(i * 8)..<(i * 8 + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        self.init(sequence: v[0], logLines: Int(v[1]), events: Int(v[2]), metrics: Int(v[3]), dropped: v[4])
    }
}

@Suite struct BatcherTests {
    static func fakeLogBlock(_ records: [LogRecord], _ level: Int32) -> EncodedLogBlock {
        EncodedLogBlock(formatVersion: 1,
                        summary: BlockSummary(lineCount: UInt32(records.count), minTime: .zero, maxTime: .zero,
                                              severityCounts: Array(repeating: 0, count: 8), tokenFilter: .empty),
                        uncompressedBytes: 0, checksum: 0, compressed: [])
    }

    func makeBatcher(_ spool: Spool, maxRecords: Int = 100, maxBytes: Int = 1 << 20,
                     flushInterval: Duration = .seconds(1)) -> Batcher<ContinuousClock> {
        Batcher(options: .init(maxRecords: maxRecords, maxBytes: maxBytes, flushInterval: flushInterval, instanceID: "i-1"),
                spool: spool, clock: ContinuousClock(), logger: spoolTestLogger,
                encodeLogs: Self.fakeLogBlock, encodeFrame: BatcherTestFrame.encode)
    }

    func line(_ text: String = "hello") -> Record { .log(LogRecord(time: .zero, message: text)) }

    func frames(_ spool: Spool) async throws -> [BatcherTestFrame] {
        try await spool.entries(after: 0, limit: 1000).map { BatcherTestFrame($0.payload) }
    }

    @Test func cutsAtMaxRecords() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = makeBatcher(spool, maxRecords: 3)
        for _ in 0..<7 { await batcher.submit(line(), checkpoint: nil) }
        #expect(try await frames(spool).map(\.logLines) == [3, 3])
        #expect(await batcher.bufferedRecords == 1)
        #expect(await batcher.flush() == 3)
        #expect(try await frames(spool).map(\.logLines) == [3, 3, 1])
    }

    @Test func cutsAtMaxBytes() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = makeBatcher(spool, maxBytes: 250)
        for _ in 0..<5 { await batcher.submit(line(String(repeating: "x", count: 100)), checkpoint: nil) }
        #expect(try await frames(spool).map(\.logLines) == [3])
        #expect(await batcher.bufferedRecords == 2)
    }

    @Test func cutsWhenTheOldestRecordIsDue() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = makeBatcher(spool, flushInterval: .seconds(1))
        let start = ContinuousClock.now
        #expect(await batcher.cutIfDue(now: start.advanced(by: .seconds(5))) == false)  // empty
        await batcher.submit(line(), checkpoint: nil)
        #expect(await batcher.cutIfDue(now: start) == false)
        #expect(await batcher.cutIfDue(now: ContinuousClock.now.advanced(by: .seconds(2))))
        #expect(try await frames(spool).map(\.logLines) == [1])
    }

    @Test func runLoopFlushesByTime() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = makeBatcher(spool, flushInterval: .milliseconds(50))
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await batcher.run() }
            await batcher.submit(line(), checkpoint: nil)
            await spool.waitForEntries(after: 0)  // bounded by the 50 ms flush interval; cancelled if it hangs
            group.cancelAll()
        }
        #expect(try await frames(spool).map(\.logLines) == [1])
    }

    @Test func keepsEventsMetricsAndNewestCheckpointPerSource() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = makeBatcher(spool)
        await batcher.submit(line(), checkpoint: SourceCheckpoint(sourceKey: "file:a", position: [1]))
        await batcher.submit(.lifecycle(LifecycleEvent(time: .zero, name: .ready)), checkpoint: nil)
        await batcher.submit(.metric(MetricSample(time: .zero, name: "cpu.busy", value: 0.5)), checkpoint: nil)
        await batcher.submit(line(), checkpoint: SourceCheckpoint(sourceKey: "file:a", position: [2]))
        await batcher.flush()
        let entries = try await spool.entries(after: 0, limit: 10)
        #expect(entries.count == 1)
        #expect(entries[0].recordCount == 4)
        #expect(entries[0].checkpoints == [SourceCheckpoint(sourceKey: "file:a", position: [2])])
        #expect(BatcherTestFrame(entries[0].payload) == BatcherTestFrame(sequence: 1, logLines: 2, events: 1, metrics: 1, dropped: 0))
    }

    @Test func eventOnlyBatchHasNoLogBlock() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = makeBatcher(spool)
        await batcher.submit(.lifecycle(LifecycleEvent(time: .zero, name: .heartbeat)), checkpoint: nil)
        #expect(await batcher.flush() == 1)
        #expect(try await frames(spool) == [BatcherTestFrame(sequence: 1, logLines: 0, events: 1, metrics: 0, dropped: 0)])
        #expect(await batcher.flush() == 1)  // nothing buffered: no empty batch
    }

    @Test func concurrentSubmittersNeverOverfillABatch() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 8 << 20, segmentBytes: 1 << 20)
        let batcher = makeBatcher(spool, maxRecords: 16)
        await withTaskGroup(of: Void.self) { group in
            for source in 0..<8 {
                group.addTask {
                    for n in 0..<100 {
                        await batcher.submit(self.line("s\(source) n\(n)"), checkpoint: SourceCheckpoint(sourceKey: "s\(source)", position: [UInt8(n)]))
                    }
                }
            }
        }
        await batcher.flush()
        let all = try await frames(spool)
        #expect(all.reduce(0) { $0 + $1.logLines } == 800)
        #expect(all.allSatisfy { $0.logLines <= 16 })
        #expect(all.map(\.sequence) == Array(1...UInt64(all.count)))
        for source in 0..<8 { #expect(await spool.checkpoint(for: "s\(source)") == [99]) }
    }

    @Test func laterBatchesCarryTheDropCount() async throws {
        let dir = try TemporaryDirectory(prefix: "batcher")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 600, segmentBytes: 200)
        let batcher = makeBatcher(spool, maxRecords: 2)
        for _ in 0..<40 { await batcher.submit(line(), checkpoint: nil) }
        let all = try await frames(spool)
        let dropped = await spool.droppedRecords
        #expect(dropped > 0)
        #expect(all.last?.dropped ?? 0 > 0)
        #expect(UInt64(all.reduce(0) { $0 + $1.logLines }) + dropped == 40)
    }
}
