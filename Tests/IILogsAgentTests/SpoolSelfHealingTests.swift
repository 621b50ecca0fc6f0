import IILogsAgent
import IILogsCore
import IILogsTesting
import Testing

/// The spool repairs itself on open and says what it repaired; it never refuses to start.
@Suite struct SpoolSelfHealingTests {
    @Test func frameCutShortInAnOlderSegmentIsMovedAsideNotTruncated() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        for _ in 1...40 { try await appendTestEntry(spool) }
        let names = try spoolSegmentNames(dir.path)
        try #require(names.count >= 2)
        let first = dir.file(names[0])
        let size = try #require(try PosixSpoolFileSystem().readFile(first)).count
        // No crash can tear a closed segment: a frame running past its end is damage.
        try PosixSpoolFileSystem().truncate(first, to: size - 10)
        let kept = size / (try await frameBytesOfOneTestEntry()) - 1

        let reopened = try openTestSpool(dir.path)
        let report = reopened.recoveryReport
        #expect(report.corruptSegments == 1)
        #expect(report.tornTails == 0)
        #expect(report.bytesSetAside > 0)
        #expect(try PosixSpoolFileSystem().listDirectory(dir.path).contains(names[0] + ".corrupt"), "bytes kept for inspection")
        let sequences = try await reopened.entries(after: 0, limit: 100).map(\.sequence)
        #expect(sequences == Array(1...UInt64(kept)) + Array(UInt64(kept + 2)...40), "only the damaged entry is missing")
        #expect(report.summary?.contains("1 corrupt segments moved aside") == true)
    }

    @Test func tornTailOfTheNewestSegmentIsCutAndReported() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        for _ in 1...3 { try await appendTestEntry(spool) }
        let segment = dir.file(try spoolSegmentNames(dir.path).last ?? "")
        try PosixSpoolFileSystem().append([0, 0, 1, 0, 9, 9], to: segment, syncDirectory: false)

        let reopened = try openTestSpool(dir.path)
        #expect(reopened.recoveryReport.tornTails == 1)
        #expect(reopened.recoveryReport.bytesSetAside == 6)
        #expect(reopened.recoveryReport.summary == "spool repaired: 0 corrupt segments moved aside, 1 torn tails cut, 6 bytes not shipped")
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.sequence) == [1, 2, 3])
    }

    @Test func cleanSpoolReportsNothing() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        try await appendTestEntry(spool)
        let reopened = try openTestSpool(dir.path)
        #expect(reopened.recoveryReport.summary == nil)
        #expect(!reopened.recoveryReport.repairedSegments)
    }
}

/// The framed size of one ``appendTestEntry(_:records:size:checkpoints:)`` entry (all have the same size).
private func frameBytesOfOneTestEntry() async throws -> Int {
    let dir = try TemporaryDirectory(prefix: "spool-frame")
    defer { dir.remove() }
    try await appendTestEntry(try openTestSpool(dir.path))
    return try #require(try PosixSpoolFileSystem().readFile(dir.file(try spoolSegmentNames(dir.path)[0]))).count
}
