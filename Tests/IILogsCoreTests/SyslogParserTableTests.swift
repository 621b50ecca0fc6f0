import IILogsCore
import Testing

/// One table over both parsers: the examples of RFC 5424 §6.5 and RFC 3164 §5.4, what real daemons send
/// (rsyslog, syslog-ng, logger, glibc), and malformed variants. Every row yields a message with the expected
/// header fields or a ``SyslogParseError`` naming the expected field — never anything else.
@Suite struct SyslogParserTableTests {
    static let receivedAt = RFC3339.parse("2026-11-23T09:00:00Z")!

    enum Outcome: Sendable, CustomStringConvertible {
        /// format, severity, facility, hostname, app, procID, msgID, message
        case parsed(SyslogMessage.Format, Severity, UInt8, String, String, String, String, String)
        /// the field named by the error (prefix)
        case error(String)

        var description: String {
            switch self {
            case .parsed(let f, let s, let fac, let h, let a, let p, let m, let msg): "parsed(\(f) \(s) \(fac) \(h) \(a) \(p) \(m) \(msg))"
            case .error(let field): "error(\(field))"
            }
        }
    }

    static let rows: [(String, [UInt8], Outcome)] = [
        // RFC 5424 §6.5
        ("5424 example 1", Array("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{FEFF}'su root' failed for lonvick on /dev/pts/8".utf8),
         .parsed(.rfc5424, .critical, 4, "mymachine.example.com", "su", "", "ID47", "'su root' failed for lonvick on /dev/pts/8")),
        ("5424 example 2", Array("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.".utf8),
         .parsed(.rfc5424, .notice, 20, "192.0.2.1", "myproc", "8710", "", "%% It's time to make the do-nuts.")),
        ("5424 example 3", Array(#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry..."#.utf8),
         .parsed(.rfc5424, .notice, 20, "mymachine.example.com", "evntslog", "", "ID47", "An application event log entry...")),
        ("5424 example 4", Array(#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]"#.utf8),
         .parsed(.rfc5424, .notice, 20, "mymachine.example.com", "evntslog", "", "ID47", "")),
        // RFC 3164 §5.4
        ("3164 example 1", Array("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8".utf8),
         .parsed(.rfc3164, .critical, 4, "mymachine", "su", "", "", "'su root' failed for lonvick on /dev/pts/8")),
        ("3164 example 2 (no PRI)", Array("Use the BFG!".utf8), .parsed(.rfc3164, .notice, 1, "", "", "", "", "Use the BFG!")),
        ("3164 example 4 (bad timestamp)", Array("<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!".utf8),
         .parsed(.rfc3164, .emergency, 0, "", "", "", "", "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!")),
        // What real senders write
        ("glibc syslog(3), no hostname", Array("<30>Nov 23 08:59:58 nginx[812]: started".utf8),
         .parsed(.rfc3164, .info, 3, "", "nginx", "812", "", "started")),
        ("space-padded day", Array("<13>Nov  3 08:59:58 host app: x".utf8), .parsed(.rfc3164, .notice, 1, "host", "app", "", "", "x")),
        ("unpadded day", Array("<13>Nov 3 08:59:58 host app: x".utf8), .parsed(.rfc3164, .notice, 1, "host", "app", "", "", "x")),
        ("3164 with BOM", Array("<13>Nov 23 08:59:58 host app: \u{FEFF}bom".utf8), .parsed(.rfc3164, .notice, 1, "host", "app", "", "", "bom")),
        ("3164 multi-line", Array("<11>Nov 23 08:59:58 host java: boom\n\tat A.b(A.java:1)\n".utf8),
         .parsed(.rfc3164, .error, 1, "host", "java", "", "", "boom\n\tat A.b(A.java:1)")),
        ("rsyslog RFC 5424 template", Array(#"<155>1 2026-11-23T08:59:58+00:00 vm myapp - - [iilogs@53595 instance="i-1" image="v1"] hello"#.utf8),
         .parsed(.rfc5424, .error, 19, "vm", "myapp", "", "", "hello")),
        ("logger --rfc5424", Array(#"<13>1 2026-11-23T08:59:58.683829+00:00 vm tcpapp - - [timeQuality tzKnown="1" isSynced="0"] via tcp"#.utf8),
         .parsed(.rfc5424, .notice, 1, "vm", "tcpapp", "", "", "via tcp")),
        ("5424 nil everything", Array("<14>1 - - - - - -".utf8), .parsed(.rfc5424, .info, 1, "", "", "", "", "")),
        ("5424 without SD (tolerated)", Array("<14>1 - h a p m".utf8), .parsed(.rfc5424, .info, 1, "h", "a", "p", "m", "")),
        ("invalid UTF-8 kept", [0x3C, 0x31, 0x34, 0x3E] + Array("1 - h a - - - ".utf8) + [0xC3, 0x28],
         .parsed(.rfc5424, .info, 1, "h", "a", "", "", "\u{FFFD}(")),
        ("PRI out of range is text", Array("<192>hello".utf8), .parsed(.rfc3164, .notice, 1, "", "", "", "", "<192>hello")),
        ("PRI not closed is text", Array("<13 hello".utf8), .parsed(.rfc3164, .notice, 1, "", "", "", "", "<13 hello")),
        ("only a PRI", Array("<13>".utf8), .parsed(.rfc3164, .notice, 1, "", "", "", "", "")),
        // Malformed RFC 5424 → typed errors
        ("empty", [], .error("message")),
        ("version 2", Array("<14>2 - h a - - - x".utf8), .error("VERSION")),
        ("month 13", Array("<14>1 2026-13-01T00:00:00Z h a - - - x".utf8), .error("TIMESTAMP")),
        ("date only", Array("<14>1 2026-11-23 h a - - - x".utf8), .error("TIMESTAMP")),
        ("two spaces", Array("<14>1 -  h a - - - x".utf8), .error("HOSTNAME")),
        ("ends after HOSTNAME", Array("<14>1 - h".utf8), .error("HOSTNAME")),
        ("control byte in APP-NAME", Array("<14>1 - h a\u{7F} - - - x".utf8), .error("APP-NAME")),
        ("SD neither - nor [", Array("<14>1 - h a - - x".utf8), .error("STRUCTURED-DATA")),
        ("SD not closed", Array("<14>1 - h a - - [x".utf8), .error("SD-ELEMENT")),
        ("SD value not closed", Array(#"<14>1 - h a - - [x a="1"#.utf8), .error("SD-PARAM")),
        ("SD value unquoted", Array("<14>1 - h a - - [x a=1]".utf8), .error("SD-PARAM")),
        ("SD-ID empty", Array(#"<14>1 - h a - - [ a="1"]"#.utf8), .error("SD-ID")),
        ("SD-ID too long", Array("<14>1 - h a - - [\(String(repeating: "i", count: 33))]".utf8), .error("SD-ID")),
        ("no space before MSG", Array(#"<14>1 - h a - - [x a="1"]x"#.utf8), .error("STRUCTURED-DATA")),
    ]

    @Test func everyRowYieldsItsOutcome() {
        for (name, bytes, expected) in Self.rows {
            let result = SyslogParser.parse(bytes, receivedAt: Self.receivedAt)
            switch (result, expected) {
            case (.success(let m), .parsed(let format, let severity, let facility, let host, let app, let proc, let msgID, let text)):
                #expect(m.format == format && m.severity == severity && m.facility == facility, "\(name): \(m)")
                #expect(m.hostname == host && m.appName == app && m.procID == proc && m.msgID == msgID, "\(name): \(m)")
                #expect(m.message == text, "\(name): message \(m.message.debugDescription)")
            case (.failure(let error), .error(let field)):
                #expect(error.field.hasPrefix(field), "\(name): \(error)")
                #expect((0...bytes.count).contains(error.byteOffset), "\(name): offset \(error.byteOffset) outside the input")
            default:
                Issue.record("\(name): expected \(expected), got \(result)")
            }
        }
    }

    @Test func timestampsOfTheRFCExamples() throws {
        let example2 = try SyslogParser.parse(Self.rows[1].1, receivedAt: Self.receivedAt).get()
        #expect(example2.timestamp == RFC3339.parse("2003-08-24T12:14:15.000003Z"))
        let bsd = try SyslogParser.parse(Self.rows[4].1, receivedAt: Self.receivedAt).get()
        #expect(bsd.timestamp == RFC3339.parse("2026-10-11T22:14:15Z"))  // no year: the receive time's
        let none = try SyslogParser.parse(Self.rows[14].1, receivedAt: Self.receivedAt).get()
        #expect(none.timestamp == nil)
    }

    /// Seeded mutations of every row: each still yields a message or an error whose offset lies in the input.
    @Test func mutatedRowsYieldAMessageOrATypedError() {
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var errors = 0
        var messages = 0
        for round in 0..<3_000 {
            var bytes = Self.rows[round % Self.rows.count].1
            for _ in 0..<(1 + next() % 3) {
                switch next() % 4 {
                case 0 where !bytes.isEmpty: bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next())
                case 1 where !bytes.isEmpty: bytes.remove(at: next() % bytes.count)
                case 2: bytes.insert([0x20, 0x5B, 0x5D, 0x22, 0x3D, 0x2D, 0x0A, 0xFF][next() % 8], at: bytes.isEmpty ? 0 : next() % bytes.count)
                default: bytes = Array(bytes.prefix(bytes.isEmpty ? 0 : next() % bytes.count))
                }
            }
            switch SyslogParser.parse(bytes, receivedAt: Self.receivedAt) {
            case .success: messages += 1
            case .failure(let error):
                errors += 1
                #expect(!error.field.isEmpty && (0...bytes.count).contains(error.byteOffset), "\(bytes): \(error)")
            }
        }
        #expect(messages + errors == 3_000)
        #expect(errors > 0 && messages > 0)
    }
}
