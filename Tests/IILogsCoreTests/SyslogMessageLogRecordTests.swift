import IILogsCore
import Testing

@Suite struct SyslogMessageLogRecordTests {
    @Test func mapsEveryField() throws {
        let receivedAt = Timestamp(nanosecondsSinceEpoch: 5)
        let line = #"<165>1 2003-10-11T22:14:15.003Z host evntslog 77 ID47 [a@1 x="1" y="2"][b@2 z="3"] hello"#
        let record = try SyslogParser.parse(Array(line.utf8), receivedAt: receivedAt).get().logRecord(receivedAt: receivedAt)
        #expect(record == LogRecord(time: RFC3339.parse("2003-10-11T22:14:15.003Z")!, severity: .notice, facility: 20, hostname: "host",
                                    app: "evntslog", procID: "77", message: "hello",
                                    fields: [LogField("msgid", "ID47"), LogField("a@1.x", "1"), LogField("a@1.y", "2"), LogField("b@2.z", "3")]))
    }

    @Test func missingTimestampTakesTheReceiveTime() throws {
        let receivedAt = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        let record = try SyslogParser.parse(Array("no pri at all".utf8), receivedAt: receivedAt).get().logRecord(receivedAt: receivedAt)
        #expect(record.time == receivedAt && record.fields.isEmpty && record.severity == .notice && record.facility == 1)
    }

    @Test func anOmittedElementBecomesNoFields() throws {
        let line = #"<165>1 2003-10-11T22:14:15.003Z host app - - [iilogs@53595 instance="i-1" image="v1"][a@1 x="1"] hi"#
        let message = try SyslogParser.parse(Array(line.utf8), receivedAt: .zero).get()
        #expect(message.logRecord(receivedAt: .zero, omittingElement: "iilogs@53595").fields == [LogField("a@1.x", "1")])
        #expect(message.logRecord(receivedAt: .zero).fields.count == 3)
    }
}
