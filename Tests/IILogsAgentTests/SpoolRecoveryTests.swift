import IILogsAgent
import IILogsCore
import IILogsTesting
import Synchronization
import Testing

@Suite struct SpoolRecoveryTests {
    @Test func tornTailIsTruncatedAtTheLastGoodEntry() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let faulty = SpoolFaultyFileSystem()
        let spool = try openTestSpool(dir.path, fileSystem: faulty)
        try await appendTestEntry(spool)
        try await appendTestEntry(spool)
        faulty.faults.withLock { $0.tearNextAppendAfter = 37 }
        await #expect(throws: SpoolError.self) { try await appendTestEntry(spool, records: 4) }
        #expect(await spool.droppedRecords == 4)
        // The spool cut the torn bytes itself; simulate a crash that left them by appending junk.
        let segment = dir.file(try spoolSegmentNames(dir.path)[0])
        try PosixSpoolFileSystem().append([0, 0, 1, 0, 9, 9], to: segment, syncDirectory: false)

        let reopened = try openTestSpool(dir.path)
        #expect(await reopened.recoveryReport.tornTails == 1)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence) == [1, 2])
        #expect(try await appendTestEntry(reopened) == 3)
        let again = try openTestSpool(dir.path)
        #expect(try await again.entries(after: 0, limit: 10).map(\.sequence) == [1, 2, 3])
        #expect(await again.recoveryReport.tornTails == 0)
    }

    @Test func badChecksumMovesSegmentAsideAndKeepsValidPrefix() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, segmentBytes: 1 << 16)
        for _ in 1...3 { try await appendTestEntry(spool, size: 50) }
        let name = try spoolSegmentNames(dir.path)[0]
        var bytes = try #require(try PosixSpoolFileSystem().readFile(dir.file(name)))
        let entryLength = bytes.count / 3
        bytes[entryLength + 40] ^= 0xFF  // flip a payload byte of entry 2
        try PosixSpoolFileSystem().writeAtomically(bytes, to: dir.file(name))

        let reopened = try openTestSpool(dir.path)
        #expect(await reopened.recoveryReport.corruptSegments == 1)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence) == [1])
        #expect(try PosixSpoolFileSystem().listDirectory(dir.path).contains(name + ".corrupt"))
        // Entries 2 and 3 may have reached the collector: their sequences are never reused.
        #expect(try await appendTestEntry(reopened) > 3)
    }

    @Test func garbageLengthIsCorruptionNotACrash() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        try await appendTestEntry(spool)
        let segment = dir.file(try spoolSegmentNames(dir.path)[0])
        try PosixSpoolFileSystem().append([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4] + [UInt8](repeating: 7, count: 64), to: segment, syncDirectory: false)
        let reopened = try openTestSpool(dir.path)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence) == [1])
    }

    @Test func unreadableLedgerStartsANewStreamKeepingSegments() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let stream = await spool.streamID
        try await appendTestEntry(spool)
        try PosixSpoolFileSystem().writeAtomically([1, 2, 3], to: dir.file("ledger"))
        let reopened = try openTestSpool(dir.path)
        #expect(await reopened.recoveryReport.newStream)
        #expect(await reopened.streamID != stream)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence) == [1])
        #expect(await reopened.previousRunEndedCleanly == false)
    }

    @Test func failedWritesDoNotMisalignLaterEntries() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let faulty = SpoolFaultyFileSystem()
        let spool = try openTestSpool(dir.path, fileSystem: faulty)
        try await appendTestEntry(spool)
        faulty.faults.withLock { $0.failAppends = true }
        await #expect(throws: SpoolError.self) { try await appendTestEntry(spool, records: 5) }
        faulty.faults.withLock { $0.failAppends = false }
        faulty.faults.withLock { $0.tearNextAppendAfter = 20 }
        await #expect(throws: SpoolError.self) { try await appendTestEntry(spool, records: 6) }
        try await appendTestEntry(spool)
        #expect(await spool.droppedRecords == 11)
        let reopened = try openTestSpool(dir.path)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence) == [1, 2])
        #expect(await reopened.recoveryReport.tornTails == 0)
    }
}
