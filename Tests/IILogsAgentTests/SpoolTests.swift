import IILogsAgent
import IILogsCore
import IILogsTesting
import Testing

@Suite struct SpoolTests {
    @Test func appendReadAcknowledgeAcrossReopen() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let stream = await spool.streamID
        for _ in 1...5 { try await appendTestEntry(spool) }
        #expect(await spool.lastSequence == 5)
        let read = try await spool.entries(after: 0, limit: 3)
        #expect(read.map(\.sequence) == [1, 2, 3])
        #expect(read[1].payload == [UInt8](repeating: 2, count: 100))
        try await spool.acknowledge(1)
        try await spool.acknowledge(3)
        #expect(await spool.acknowledgedSequence == 1)
        try await spool.close(cleanStop: false)

        let reopened = try openTestSpool(dir.path)
        #expect(await reopened.streamID == stream)
        #expect(await reopened.lastSequence == 5)
        #expect(await reopened.previousRunEndedCleanly == false)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence).allSatisfy { $0 >= 2 })
        #expect(try await appendTestEntry(reopened) == 6)
    }

    @Test func fullyAcknowledgedSegmentsAreDeleted() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, segmentBytes: 1000)
        for _ in 1...20 { try await appendTestEntry(spool, size: 300) }
        let before = try spoolSegmentNames(dir.path).count
        #expect(before >= 5)
        try await spool.acknowledge(through: 20)
        #expect(try spoolSegmentNames(dir.path).isEmpty)
        #expect(await spool.acknowledgedSequence == 20)
        #expect(await spool.unacknowledgedEntries == 0)
        #expect(try await appendTestEntry(spool) == 21)
        #expect(try spoolSegmentNames(dir.path).count == 1)
    }

    @Test func cleanStopIsRemembered() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let first = try openTestSpool(dir.path)
        #expect(await first.previousRunEndedCleanly == false)  // a new spool has no previous run
        try await first.recordBootID("boot-a")
        try await first.close(cleanStop: true)
        let second = try openTestSpool(dir.path)
        #expect(await second.previousRunEndedCleanly)
        #expect(await second.lastBootID == "boot-a")
        let third = try openTestSpool(dir.path)  // `second` never closed: a crash
        #expect(await third.previousRunEndedCleanly == false)
    }

    @Test func sizeBoundDropsOldestSegmentsAndCounts() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 4000, segmentBytes: 1000)
        var droppedSeen: [UInt64] = []
        for _ in 1...30 {
            _ = try await spool.append(recordCount: 7, checkpoints: []) { _, dropped in
                droppedSeen.append(dropped)
                return [UInt8](repeating: 1, count: 300)
            }
        }
        #expect(await spool.totalBytes <= 4000)
        let dropped = await spool.droppedRecords
        #expect(dropped > 0)
        #expect(dropped % 7 == 0)
        let remaining = try await spool.entries(after: 0, limit: 100)
        #expect(UInt64(remaining.count) * 7 + dropped == 30 * 7)
        #expect(remaining.last?.sequence == 30)
        #expect(droppedSeen.last == dropped || droppedSeen.last.map { $0 < dropped } == true)
        #expect(droppedSeen == droppedSeen.sorted())
        // The count survives a reopen.
        try await spool.close(cleanStop: true)
        #expect(await (try openTestSpool(dir.path, maxBytes: 4000, segmentBytes: 1000)).droppedRecords == dropped)
    }

    @Test func checkpointsSurviveAcknowledgeAndDelete() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        try await appendTestEntry(spool, checkpoints: [SourceCheckpoint(sourceKey: "file:a", position: [1])])
        try await appendTestEntry(spool, checkpoints: [SourceCheckpoint(sourceKey: "file:a", position: [2]),
                                                       SourceCheckpoint(sourceKey: "file:b", position: [9])])
        #expect(await spool.checkpoint(for: "file:a") == [2])
        try await spool.acknowledge(through: 2)
        #expect(try spoolSegmentNames(dir.path).isEmpty)
        let reopened = try openTestSpool(dir.path)
        #expect(await reopened.checkpoint(for: "file:a") == [2])
        #expect(await reopened.checkpoint(for: "file:b") == [9])
        #expect(await reopened.checkpoint(for: "file:c") == nil)
    }

    @Test func checkpointsOfUnacknowledgedEntriesAreRecoveredFromSegments() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        try await appendTestEntry(spool, checkpoints: [SourceCheckpoint(sourceKey: "journal", position: Array("c1".utf8))])
        try await appendTestEntry(spool, checkpoints: [SourceCheckpoint(sourceKey: "journal", position: Array("c2".utf8))])
        _ = spool  // no close: the ledger never saw these checkpoints
        let reopened = try openTestSpool(dir.path)
        #expect(await reopened.checkpoint(for: "journal") == Array("c2".utf8))
    }

    @Test func waitersWakeOnAppendAndAcknowledge() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        async let appended: Void = spool.waitForEntries(after: 0)
        try await appendTestEntry(spool)
        await appended
        #expect(await spool.waitUntilAcknowledged(through: 1, timeout: .milliseconds(20)) == false)
        async let acknowledged = spool.waitUntilAcknowledged(through: 1, timeout: .seconds(30))
        try await spool.acknowledge(1)
        #expect(await acknowledged)
    }

    @Test func oversizeEntryIsRefusedAndCounted() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 2000, segmentBytes: 1000)
        await #expect(throws: SpoolError.self) { try await appendTestEntry(spool, records: 3, size: 5000) }
        #expect(await spool.droppedRecords == 3)
        #expect(try await appendTestEntry(spool) == 1)
    }
}
