import Foundation
import IILogsAgent
import IILogsCore
import Testing

@Suite("FileTailSource")
struct FileTailSourceTests {
    func settings(_ path: String, partialLineTimeout: Duration = .seconds(60), maxLineBytes: Int = 64 * 1024) -> FileTailSettings {
        FileTailSettings(path: path, pollInterval: .milliseconds(10), partialLineTimeout: partialLineTimeout, maxLineBytes: maxLineBytes)
    }

    func source(_ settings: FileTailSettings, _ sink: InputCollectingSink, _ checkpoints: InputMemoryCheckpoints = InputMemoryCheckpoints())
        -> FileTailSource {
        FileTailSource(settings: settings, sink: sink, checkpoints: checkpoints, logger: inputTestLogger)
    }

    @Test func readsANewFileFromItsBeginningAndFollowsGrowth() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "first\r\nERROR second\n")
        let sink = InputCollectingSink()
        try await inputWhileRunning(source(settings(path), sink)) {
            #expect(await inputEventually { sink.messages.count == 2 })
            try inputAppendFile(path, "third\n")
            #expect(await inputEventually { sink.messages.count == 3 })
        }
        #expect(sink.messages == ["first", "ERROR second", "third"])
        let records = sink.logRecords
        #expect(records.map(\.severity) == [.info, .error, .info])
        #expect(records.allSatisfy { $0.app == "app" && $0.facility == 1 && $0.fields == [LogField("file", path)] })
        let last = try FileTailCheckpoint(bytes: try #require(sink.lastCheckpoint).position)
        #expect(last.offset == UInt64("first\r\nERROR second\nthird\n".utf8.count))
        #expect(sink.lastCheckpoint?.sourceKey == "file:" + path)
    }

    @Test func holdsAPartialLineUntilItsNewlineArrives() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "whole\npart")
        let sink = InputCollectingSink()
        let tail = source(settings(path), sink)
        try await inputWhileRunning(tail) {
            #expect(await inputEventually { sink.messages == ["whole"] })
            let polls = tail.stats.snapshot.polls
            #expect(await inputEventually { tail.stats.snapshot.polls >= polls + 3 })
            #expect(sink.messages == ["whole"])
            try inputAppendFile(path, "ial\n")
            #expect(await inputEventually { sink.messages.count == 2 })
        }
        #expect(sink.messages == ["whole", "partial"])
    }

    @Test func flushesAPartialLineAfterTheTimeout() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "no newline yet")
        let sink = InputCollectingSink()
        let tail = source(settings(path, partialLineTimeout: .milliseconds(50)), sink)
        try await inputWhileRunning(tail) {
            #expect(await inputEventually { sink.messages == ["no newline yet"] })
        }
        #expect(tail.stats.snapshot.partialLinesFlushed == 1)
    }

    @Test func followsRotationByRenameWithoutLossOrRepeat() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "old 1\n")
        let sink = InputCollectingSink()
        let tail = source(settings(path), sink)
        try await inputWhileRunning(tail) {
            #expect(await inputEventually { sink.messages == ["old 1"] })
            // The writer adds to the old file, logrotate renames it, the writer finishes its last line
            // through its still-open descriptor, then a new file is created.
            try inputAppendFile(path, "old 2\nold 3 ")
            try FileManager.default.moveItem(atPath: path, toPath: folder.file("app.log.1"))
            try inputAppendFile(folder.file("app.log.1"), "tail\n")
            try inputWriteFile(path, "new 1\nnew 2\n")
            #expect(await inputEventually { sink.messages.count == 5 })
        }
        #expect(sink.messages == ["old 1", "old 2", "old 3 tail", "new 1", "new 2"])
        #expect(tail.stats.snapshot.rotations == 1)
    }

    @Test func restartsFromZeroAfterTruncation() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "a long first line\nanother long line\n")
        let sink = InputCollectingSink()
        let tail = source(settings(path), sink)
        try await inputWhileRunning(tail) {
            #expect(await inputEventually { sink.messages.count == 2 })
            try inputWriteFile(path, "short\n")  // copytruncate: same inode, smaller
            #expect(await inputEventually { sink.messages.count == 3 })
        }
        #expect(sink.messages == ["a long first line", "another long line", "short"])
        #expect(tail.stats.snapshot.truncations == 1)
    }

    @Test func resumesFromTheLastCheckpointWithoutLossOrRepeat() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "one\ntwo\n")
        let first = InputCollectingSink()
        try await inputWhileRunning(source(settings(path), first)) {
            #expect(await inputEventually { first.messages.count == 2 })
        }
        // Given lines written while the agent was stopped
        try inputAppendFile(path, "three\nfour\n")
        let checkpoint = try #require(first.lastCheckpoint)
        // When the source restarts from the spooled checkpoint
        let second = InputCollectingSink()
        try await inputWhileRunning(source(settings(path), second, InputMemoryCheckpoints([checkpoint.sourceKey: checkpoint.position]))) {
            #expect(await inputEventually { second.messages.count == 2 })
        }
        // Then only the new lines arrive
        #expect(second.messages == ["three", "four"])
    }

    @Test func finishesAFileRotatedWhileStoppedWhenItIsStillInTheFolder() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, "one\n")
        let first = InputCollectingSink()
        try await inputWhileRunning(source(settings(path), first)) {
            #expect(await inputEventually { first.messages.count == 1 })
        }
        try inputAppendFile(path, "two\n")
        try FileManager.default.moveItem(atPath: path, toPath: folder.file("app.log.1"))
        try inputWriteFile(path, "three\n")
        let checkpoint = try #require(first.lastCheckpoint)
        let second = InputCollectingSink()
        try await inputWhileRunning(source(settings(path), second, InputMemoryCheckpoints([checkpoint.sourceKey: checkpoint.position]))) {
            #expect(await inputEventually { second.messages.count == 2 })
        }
        #expect(second.messages == ["two", "three"])
    }

    @Test func waitsForAMissingFileToAppear() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("later.log")
        let sink = InputCollectingSink()
        let tail = source(settings(path), sink)
        try await inputWhileRunning(tail) {
            #expect(await inputEventually { tail.stats.snapshot.polls >= 3 })
            #expect(sink.messages.isEmpty)
            try inputWriteFile(path, "here now\n")
            #expect(await inputEventually { sink.messages == ["here now"] })
        }
        #expect(sink.logRecords.first?.app == "later")
    }

    @Test func cutsOverLongLinesAndMarksThem() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("app.log")
        try inputWriteFile(path, String(repeating: "x", count: 100) + "\nshort\n")
        let sink = InputCollectingSink()
        let tail = source(settings(path, maxLineBytes: 16), sink)
        try await inputWhileRunning(tail) {
            #expect(await inputEventually { sink.messages.count == 2 })
        }
        let records = sink.logRecords
        #expect(records.map(\.message) == [String(repeating: "x", count: 16), "short"])
        #expect(records[0].fields.contains(LogField("truncated", "true")))
        #expect(!records[1].fields.contains(LogField("truncated", "true")))
        #expect(tail.stats.snapshot.truncatedLines == 1)
    }
}
