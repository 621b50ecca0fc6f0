import IILogsCore
import Testing

@Suite struct RFC5424ParserTests {
    static let receivedAt = RFC3339.parse("2026-11-23T09:00:00Z")!

    private func parse(_ line: String) throws -> SyslogMessage {
        try SyslogParser.parse(Array(line.utf8), receivedAt: Self.receivedAt).get()
    }

    private func expectFailure(_ line: [UInt8], field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch SyslogParser.parse(line, receivedAt: Self.receivedAt) {
        case .success(let message): Issue.record("parsed \(message)", sourceLocation: sourceLocation)
        case .failure(let error): #expect(error.field.hasPrefix(field), "\(error)", sourceLocation: sourceLocation)
        }
    }

    private func time(_ text: String) -> Timestamp? { RFC3339.parse(text) }

    @Test func rfcExample1() throws {
        // RFC 5424 §6.5 example 1, with the BOM before MSG.
        let bytes = Array("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ".utf8) + [0xEF, 0xBB, 0xBF]
            + Array("'su root' failed for lonvick on /dev/pts/8".utf8)
        let m = try SyslogParser.parse(bytes, receivedAt: Self.receivedAt).get()
        #expect(m == SyslogMessage(format: .rfc5424, facility: 4, severity: .critical, timestamp: time("2003-10-11T22:14:15.003Z"),
                                   hostname: "mymachine.example.com", appName: "su", procID: "", msgID: "ID47", structuredData: [],
                                   message: "'su root' failed for lonvick on /dev/pts/8"))
    }

    @Test func rfcExample2() throws {
        let m = try parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.")
        #expect(m.facility == 20 && m.severity == .notice)
        #expect(m.timestamp == time("2003-08-24T12:14:15.000003Z"))
        #expect(m.hostname == "192.0.2.1" && m.appName == "myproc" && m.procID == "8710" && m.msgID == "")
        #expect(m.message == "%% It's time to make the do-nuts.")
    }

    @Test func rfcExample3() throws {
        let bytes = Array(#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] "#.utf8)
            + [0xEF, 0xBB, 0xBF] + Array("An application event log entry...".utf8)
        let m = try SyslogParser.parse(bytes, receivedAt: Self.receivedAt).get()
        #expect(m.structuredData == [.init(id: "exampleSDID@32473", parameters: [LogField("iut", "3"), LogField("eventSource", "Application"),
                                                                                 LogField("eventID", "1011")])])
        #expect(m.message == "An application event log entry...")
        #expect(m.appName == "evntslog" && m.procID == "")
    }

    @Test func rfcExample4() throws {
        let m = try parse(#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]"#)
        #expect(m.structuredData.map(\.id) == ["exampleSDID@32473", "examplePriority@32473"])
        #expect(m.structuredData[1].parameters == [LogField("class", "high")])
        #expect(m.message == "")
    }

    @Test func escapesInParamValues() throws {
        let m = try parse(#"<14>1 - host app - - [x@1 a="q\"b\\c\]d\e" empty=""] msg"#)
        #expect(m.structuredData[0].parameters == [LogField("a", #"q"b\c]d\e"#), LogField("empty", "")])
        #expect(m.timestamp == nil)
    }

    @Test func nilValuesAndNoMessage() throws {
        let m = try parse("<0>1 - - - - - -")
        #expect(m == SyslogMessage(format: .rfc5424, facility: 0, severity: .emergency, timestamp: nil, hostname: "", appName: "",
                                   procID: "", msgID: "", structuredData: [], message: ""))
        #expect(try parse("<14>1 - h a p m").msgID == "m")  // header ending after MSGID is tolerated
        #expect(try parse("<14>1 - h a p m - line\r\n").message == "line")
    }

    @Test func invalidUTF8InMessageIsReplaced() throws {
        let bytes = Array("<14>1 - h a - - - ok ".utf8) + [0xFF, 0xC3] + Array(" end".utf8)
        let m = try SyslogParser.parse(bytes, receivedAt: Self.receivedAt).get()
        #expect(m.message == "ok \u{FFFD}\u{FFFD} end")
    }

    @Test func offsetsAndFractions() throws {
        #expect(try parse("<14>1 2026-11-23T10:00:00+01:00 h a - - - x").timestamp == time("2026-11-23T09:00:00Z"))
        #expect(try parse("<14>1 2026-11-23T09:00:00.123456789Z h a - - - x").timestamp?.nanosecondsSinceEpoch
                == (time("2026-11-23T09:00:00Z")?.nanosecondsSinceEpoch ?? 0) + 123_456_789)
    }

    @Test func malformedHeaders() {
        expectFailure(Array("<14>2 - h a - - - x".utf8), field: "VERSION")
        expectFailure(Array("<14>1 2026-13-01T00:00:00Z h a - - - x".utf8), field: "TIMESTAMP")
        expectFailure(Array("<14>1 2026-11-23 h a - - - x".utf8), field: "TIMESTAMP")
        expectFailure(Array("<14>1 -  h a - - - x".utf8), field: "HOSTNAME")
        expectFailure(Array("<14>1 - h".utf8), field: "HOSTNAME")
        expectFailure(Array(("<14>1 - " + String(repeating: "h", count: 256) + " a - - - x").utf8), field: "HOSTNAME")
        expectFailure(Array("<14>1 - h a\u{7F} - - - x".utf8), field: "APP-NAME")
        expectFailure(Array("<14>1 - h a - - x".utf8), field: "STRUCTURED-DATA")
        expectFailure(Array("<14>1 - h a - - [x".utf8), field: "SD-ELEMENT")
        expectFailure(Array("<14>1 - h a - - [x a=\"1".utf8), field: "SD-PARAM")
        expectFailure(Array("<14>1 - h a - - [x a=1]".utf8), field: "SD-PARAM")
        expectFailure(Array("<14>1 - h a - - [ a=\"1\"]".utf8), field: "SD-ID")
        expectFailure(Array("<14>1 - h a - - [x a=\"1\"]x".utf8), field: "STRUCTURED-DATA")
        expectFailure(Array("<14>1 - h a - - [\(String(repeating: "i", count: 33))]".utf8), field: "SD-ID")
        expectFailure([], field: "message")
    }

    @Test func garbageNeverTraps() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let seeds = [Array("<165>1 2003-10-11T22:14:15.003Z host app 12 ID [a@1 b=\"c\\\"\"] msg".utf8),
                     Array("<34>Oct 11 22:14:15 mymachine su[12]: 'su root' failed".utf8)]
        var failures = 0
        for i in 0..<2_000 {
            var bytes = seeds[i % 2]
            for _ in 0..<(1 + Int(next() % 4)) {
                let at = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.remove(at: at)
                default: bytes.insert([0x20, 0x5B, 0x5D, 0x22, 0x5C, 0x3D, 0x2D][Int(next() % 7)], at: at)
                }
                if bytes.isEmpty { bytes = [0x3C] }
            }
            if case .failure = SyslogParser.parse(bytes, receivedAt: Self.receivedAt) { failures += 1 }
        }
        #expect(failures > 0 && failures < 2_000)
    }
}
