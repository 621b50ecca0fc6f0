import Foundation
import IILogsAgent
import IILogsCore
import Testing

@Suite("SyslogSocketSource")
struct SyslogSocketSourceTests {
    @Test func receivesDatagramsOnAUnixSocketAnyoneCanWriteTo() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("log.sock")
        try SyslogTestSender.leaveStaleSocket(at: path)  // left over from a crashed run
        let sink = InputCollectingSink()
        let source = SyslogSocketSource(path: path, sink: sink, logger: inputTestLogger)
        try await inputWhileRunning(source) {
            #expect(await inputEventually { source.stats.snapshot.socketBound })
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o666)

            // glibc's syslog(3) writes RFC 3164 without a host name
            try SyslogTestSender.unixDatagram(Array("<11>Nov  3 12:00:00 myapp[42]: disk full".utf8), to: path)
            try SyslogTestSender.unixDatagram(
                Array(#"<165>1 2003-10-11T22:14:15.003Z web-1 evntslog 7 ID47 [exampleSDID@32473 iut="3"] An application event"#.utf8),
                to: path)
            try SyslogTestSender.unixDatagram([], to: path)  // cannot be parsed, still kept
            #expect(await inputEventually { sink.logRecords.count == 3 })
        }
        let records = sink.logRecords
        #expect(records[0].app == "myapp")
        #expect(records[0].procID == "42")
        #expect(records[0].severity == .error)
        #expect(records[0].message == "disk full")
        #expect(records[1].hostname == "web-1")
        #expect(records[1].app == "evntslog")
        #expect(records[1].severity == .notice)
        #expect(records[1].facility == 20)
        #expect(records[1].time == Timestamp(nanosecondsSinceEpoch: 1_065_910_455_003_000_000))
        #expect(records[1].fields.contains(LogField("msgid", "ID47")))
        #expect(records[1].fields.contains(LogField("exampleSDID@32473.iut", "3")))
        #expect(records[2].severity == .notice)
        #expect(records[2].fields.contains { $0.name == "syslog_error" })
        #expect(source.stats.snapshot.received == 3)
        #expect(source.stats.snapshot.parseErrors == 1)
        #expect(sink.checkpoints.allSatisfy { $0 == nil })
        #expect(!FileManager.default.fileExists(atPath: path))  // removed when the service stops
    }

    @Test func cutsAnOverLongDatagramAndMarksIt() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("log.sock")
        let prefix = "<14>Nov  3 12:00:00 app: "
        let sink = InputCollectingSink()
        let source = SyslogSocketSource(path: path, maxMessageBytes: 60, sink: sink, logger: inputTestLogger)
        try await inputWhileRunning(source) {
            #expect(await inputEventually { source.stats.snapshot.socketBound })
            try SyslogTestSender.unixDatagram(Array((prefix + String(repeating: "y", count: 200)).utf8), to: path)
            #expect(await inputEventually { sink.logRecords.count == 1 })
        }
        let record = try #require(sink.logRecords.first)
        #expect(record.app == "app")
        #expect(record.message == String(repeating: "y", count: 60 - prefix.utf8.count))
        #expect(record.fields.contains(LogField("truncated", "true")))
        #expect(source.stats.snapshot.truncated == 1)
    }
}
