import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct SyslogEntryTests {
    static let received = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)

    @Test func parsedMessageKeepsFieldsButNotTheIdentityElement() {
        let text = #"<11>1 2026-01-02T03:04:05Z h app 7 ID1 [iilogs@53595 instance="i-1" image="v1"][x@1 k="v"] boom"#
        let entry = SyslogEntry.make(bytes: Array(text.utf8), truncated: false, peer: "p", identitySDID: "iilogs@53595", receivedAt: Self.received)
        #expect(!entry.parseFailed)
        #expect(entry.identity.instanceID == "i-1")
        #expect(entry.record.severity == .error)
        #expect(entry.record.app == "app")
        #expect(entry.record.message == "boom")
        #expect(entry.record.fields == [LogField("msgid", "ID1"), LogField("x@1.k", "v")])
    }

    @Test func garbageIsKeptRawWithTheParserComplaint() {
        let garbage = "<14>1 - h app - - [unterminated x"
        let entry = SyslogEntry.make(bytes: Array(garbage.utf8), truncated: false, peer: "10.1.1.1",
                                     identitySDID: "iilogs@53595", receivedAt: Self.received)
        #expect(entry.parseFailed)
        #expect(entry.identity == InstanceIdentity(instanceID: "10.1.1.1", imageVersion: "unknown"))
        #expect(entry.record.message == garbage)
        #expect(entry.record.severity == .notice)
        #expect(entry.record.time == Self.received)
        #expect(entry.record.fields.map(\.name) == ["syslog_error"])
        #expect(entry.record.fields.first?.value.contains("byte") == true)
    }

    @Test func truncatedMessageIsMarked() {
        let entry = SyslogEntry.make(bytes: Array("<14>1 - h a - - - cut he".utf8), truncated: true, peer: "p",
                                     identitySDID: "iilogs@53595", receivedAt: Self.received)
        #expect(!entry.parseFailed)
        #expect(entry.record.fields.last == LogField("truncated", "true"))
    }
}
