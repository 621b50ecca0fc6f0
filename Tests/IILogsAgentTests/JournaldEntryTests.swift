import IILogsAgent
import IILogsCore
import Testing

@Suite struct JournaldEntryTests {
    static func parse(_ line: String, maxMessageBytes: Int = 64 << 10) throws(JournaldEntryError) -> JournaldEntry {
        try JournaldEntry.parse(Array(line.utf8), maxMessageBytes: maxMessageBytes)
    }

    @Test func mapsASyslogEntry() throws {
        let entry = try Self.parse(JournaldFixtures.syslogEntry(7, message: "upstream timed out", priority: 3))
        #expect(entry.cursor == JournaldFixtures.cursor(7))
        let record = entry.record
        #expect(record.time == Timestamp(nanosecondsSinceEpoch: (1_795_000_000_000_000 + 7) * 1_000))
        #expect(record.severity == .error)
        #expect(record.facility == 3)
        #expect(record.app == "nginx")
        #expect(record.procID == "812")
        #expect(record.hostname == "web-1")
        #expect(record.message == "upstream timed out")
        #expect(record.fields == [LogField("_SYSTEMD_UNIT", "nginx.service"), LogField("_COMM", "nginx"),
                                  LogField("_EXE", "/usr/sbin/nginx"), LogField("_TRANSPORT", "syslog")])
    }

    @Test(arguments: [(0, Severity.emergency), (1, .alert), (2, .critical), (3, .error), (4, .warning), (5, .notice), (6, .info), (7, .debug)])
    func priorityIsTheSeverity(priority: Int, severity: Severity) throws {
        #expect(try Self.parse(JournaldFixtures.syslogEntry(1, message: "m", priority: priority)).record.severity == severity)
    }

    @Test func stdoutEntryTakesAppFromCommAndPIDFromPID() throws {
        let record = try Self.parse(JournaldFixtures.stdoutEntry(2, messageJSON: #""copied 12 files""#)).record
        #expect(record.app == "backup.sh")
        #expect(record.procID == "1234")
        #expect(record.message == "copied 12 files")
        #expect(record.fields.contains(LogField("_SYSTEMD_UNIT", "backup.service")))
    }

    @Test func binaryMessageIsDecodedAsUTF8WithReplacement() throws {
        // journalctl prints a MESSAGE with control characters or invalid UTF-8 as an array of bytes.
        let bytes = Array("tab\there ".utf8) + [0xFF] + Array(" ok\n".utf8)
        let json = "[" + bytes.map(String.init).joined(separator: ", ") + "]"
        let record = try Self.parse(JournaldFixtures.stdoutEntry(3, messageJSON: json)).record
        #expect(record.message == "tab\there \u{FFFD} ok")
    }

    @Test func repeatedFieldKeepsItsFirstValueAndNullIsMissing() throws {
        let record = try Self.parse(JournaldFixtures.stdoutEntry(4, messageJSON: #"["first", "second"]"#)).record
        #expect(record.message == "first")
        let null = try Self.parse(JournaldFixtures.stdoutEntry(5, messageJSON: "null")).record
        #expect(null.message == "")
    }

    @Test func escapedJSONAndMultiLineMessagesSurvive() throws {
        let record = try Self.parse(JournaldFixtures.stdoutEntry(6, messageJSON: #""line one\nline \"two\" \u00e9""#)).record
        #expect(record.message == "line one\nline \"two\" é")
    }

    @Test func longMessagesAreCutAndMarked() throws {
        let record = try Self.parse(JournaldFixtures.stdoutEntry(8, messageJSON: "\"\(String(repeating: "x", count: 600))\""),
                                    maxMessageBytes: 500).record
        #expect(record.message.utf8.count == 500)
        #expect(record.fields.contains(LogField(JournaldEntry.truncatedField, "true")))
    }

    @Test func missingPriorityAndIdentifierFallBack() throws {
        let record = try Self.parse(#"{ "__CURSOR" : "c1", "__REALTIME_TIMESTAMP" : "1000000", "_SYSTEMD_UNIT" : "x.service", "MESSAGE" : "hi" }"#).record
        #expect(record.severity == JournaldEntry.defaultSeverity)
        #expect(record.facility == JournaldEntry.defaultFacility)
        #expect(record.app == "x.service")
        #expect(record.time == Timestamp(nanosecondsSinceEpoch: 1_000_000_000))
    }

    @Test(arguments: [
        ("", "entry"), ("not json", "entry"), ("[1, 2]", "entry"), (#"{ "MESSAGE" : "no cursor", "__REALTIME_TIMESTAMP" : "1" }"#, "__CURSOR"),
        (#"{ "__CURSOR" : "c", "MESSAGE" : "no time" }"#, "__REALTIME_TIMESTAMP"),
        (#"{ "__CURSOR" : "c", "__REALTIME_TIMESTAMP" : "-5" }"#, "__REALTIME_TIMESTAMP"),
        (#"{ "__CURSOR" : "c", "__REALTIME_TIMESTAMP" : "99999999999999999999" }"#, "__REALTIME_TIMESTAMP"),
        (#"{ "__CURSOR" : 5, "__REALTIME_TIMESTAMP" : "1" }"#, "__CURSOR"),
        (#"{ "__CURSOR" : "c", "__REALTIME_TIMESTAMP" : "1", "_PID" : [true] }"#, "_PID"),
        (#"{ "__CURSOR" : "c", "__REALTIME_TIMESTAMP" : "1", "MESSAGE" : [104, 256] }"#, "MESSAGE"),
        (#"{ "__CURSOR" : "c", "__REALTIME_TIMESTAMP" : "1" } trailing"#, "entry"),
    ])
    func malformedLinesAreTypedErrors(line: String, field: String) {
        do {
            _ = try Self.parse(line)
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.field == field, "\(line): \(error)")
        }
    }

    @Test func checkpointRoundTripsAndRejectsDamage() throws {
        let checkpoint = JournaldCheckpoint(cursor: JournaldFixtures.cursor(9))
        #expect(try JournaldCheckpoint(bytes: checkpoint.bytes) == checkpoint)
        for bad in [[], [2] + Array("c".utf8), [1], [1, 0xFF, 0xFE]] as [[UInt8]] {
            #expect((try? JournaldCheckpoint(bytes: bad)) == nil, "\(bad)")
        }
    }

    @Test func argumentsFollowAfterTheCursorOrFromTheBoot() {
        #expect(JournaldSettings.arguments(after: "s=1;i=2") == ["--output=json", "--follow", "--no-pager", "--no-tail", "--after-cursor=s=1;i=2"])
        #expect(JournaldSettings.arguments(after: nil) == ["--output=json", "--follow", "--no-pager", "--no-tail", "--boot"])
    }
}
