import Foundation
@testable import IILogsAgent
import IILogsCore
import Testing

/// The journald source against a fake `journalctl` script (journald does not run in CI containers).
@Suite struct JournaldSourceTests {
    func source(_ journalctl: String, _ sink: InputCollectingSink, _ checkpoints: InputMemoryCheckpoints = InputMemoryCheckpoints(),
                stats: JournaldStats = JournaldStats()) -> JournaldSource {
        JournaldSource(settings: JournaldSettings(journalctlPath: journalctl, restartDelay: .milliseconds(50)), sink: sink,
                       checkpoints: checkpoints, logger: inputTestLogger, stats: stats)
    }

    @Test func followsTheJournalAndResumesAfterTheSpooledCursorWithoutLossOrRepeat() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let fixture = folder.file("journal.jsonl")
        try inputWriteFile(fixture, (1...3).map { JournaldFixtures.syslogEntry($0, message: "entry \($0)") + "\n" }.joined())
        let journalctl = try JournaldFixtures.fakeJournalctl(in: folder.path, fixture: fixture)

        // Given a first run that reads the boot's entries,
        let first = InputCollectingSink()
        try await inputWhileRunning(source(journalctl, first)) {
            #expect(await inputEventually { first.messages.count == 3 })
        }
        #expect(first.messages == ["entry 1", "entry 2", "entry 3"])
        let checkpoint = try #require(first.lastCheckpoint)
        #expect(checkpoint.sourceKey == JournaldSettings.sourceKey)
        #expect(try JournaldCheckpoint(bytes: checkpoint.position).cursor == JournaldFixtures.cursor(3))
        #expect(first.checkpoints.allSatisfy { $0 != nil })

        // when entries are written while the agent is stopped and it restarts from the spooled checkpoint,
        try inputAppendFile(fixture, (4...5).map { JournaldFixtures.syslogEntry($0, message: "entry \($0)") + "\n" }.joined())
        let second = InputCollectingSink()
        try await inputWhileRunning(source(journalctl, second, InputMemoryCheckpoints([checkpoint.sourceKey: checkpoint.position]))) {
            #expect(await inputEventually { second.messages.count == 2 })
            try await Task.sleep(for: .milliseconds(300))  // a repeat would arrive now
        }
        // then only the new entries arrive, and journalctl was asked to start after the cursor.
        #expect(second.messages == ["entry 4", "entry 5"])
        let calls = try String(contentsOfFile: folder.file("args.log"), encoding: .utf8).split(separator: "\n")
        #expect(calls.first?.hasSuffix("--boot") == true, "\(calls)")
        #expect(calls.last?.hasSuffix("--after-cursor=\(JournaldFixtures.cursor(3))") == true, "\(calls)")
    }

    @Test func skipsAndCountsLinesThatAreNotEntries() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let fixture = folder.file("journal.jsonl")
        try inputWriteFile(fixture, JournaldFixtures.syslogEntry(1, message: "before") + "\nnot json at all\n{}\n"
                           + JournaldFixtures.syslogEntry(2, message: "after") + "\n")
        let stats = JournaldStats()
        let sink = InputCollectingSink()
        try await inputWhileRunning(source(try JournaldFixtures.fakeJournalctl(in: folder.path, fixture: fixture), sink, stats: stats)) {
            #expect(await inputEventually { sink.messages.count == 2 })
        }
        #expect(sink.messages == ["before", "after"])
        #expect(stats.snapshot.parseErrors == 2)
        #expect(stats.snapshot.entries == 2)
    }

    @Test func restartsJournalctlFromTheLastCursorWhenItExits() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let fixture = folder.file("journal.jsonl")
        try inputWriteFile(fixture, JournaldFixtures.syslogEntry(1, message: "one") + "\n")
        // A journalctl that prints and exits at once (no follow).
        let path = folder.file("journalctl")
        try Data("""
            #!/bin/sh
            echo "$*" >> '\(folder.path)/args.log'
            case "$*" in *--after-cursor=*) ;; *) cat '\(fixture)';; esac
            exit 0

            """.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        let stats = JournaldStats()
        let sink = InputCollectingSink()
        try await inputWhileRunning(source(path, sink, stats: stats)) {
            #expect(await inputEventually { stats.snapshot.starts >= 3 })
        }
        #expect(sink.messages == ["one"])
        let calls = try String(contentsOfFile: folder.file("args.log"), encoding: .utf8).split(separator: "\n")
        #expect(calls.dropFirst().allSatisfy { $0.hasSuffix("--after-cursor=\(JournaldFixtures.cursor(1))") }, "\(calls)")
    }

    /// Another process started while journalctl runs (here: any, later) must not inherit the pipe, or the end of
    /// journalctl's output would wait for that process too.
    @Test func thePipeIsNotInheritedByOtherChildren() throws {
        let process = try JournaldProcess(path: "/bin/true", arguments: [])
        defer { process.terminate() }
        #expect(fcntl(process.output, F_GETFD) & FD_CLOEXEC != 0)
    }

    /// The other direction: journalctl must not hold a descriptor this process opened without close-on-exec (as
    /// Foundation's `Pipe` does), or that pipe's reader would wait for journalctl's end.
    @Test func otherDescriptorsAreNotInheritedByJournalctl() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)  // plain pipe(): inheritable
        defer { close(fds[0]) }
        let process = try JournaldProcess(path: "/bin/sleep", arguments: ["10"])
        defer { process.terminate() }
        close(fds[1])
        // With the write end closed here and nowhere else open, the read end is at its end at once.
        var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        try #require(poll(&poller, 1, 2_000) == 1, "the pipe's write end is still open in journalctl")
        var byte: UInt8 = 0
        #expect(read(fds[0], &byte, 1) == 0)
    }

    /// Stopping journalctl takes SIGTERM, whatever this process's threads block or ignore.
    @Test func journalctlEndsOnSIGTERM() throws {
        let process = try JournaldProcess(path: "/bin/sleep", arguments: ["10"])
        let status = process.terminate()
        #expect(status & 0x7f == SIGTERM, "wait status \(status)")
    }

    @Test func aMissingJournalctlIsCountedNotFatal() async throws {
        let stats = JournaldStats()
        let sink = InputCollectingSink()
        try await inputWhileRunning(source("/nonexistent/journalctl", sink, stats: stats)) {
            #expect(await inputEventually { stats.snapshot.startFailures >= 2 })
        }
        #expect(sink.messages.isEmpty)
    }
}
