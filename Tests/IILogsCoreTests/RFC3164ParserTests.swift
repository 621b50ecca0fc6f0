import IILogsCore
import Testing

@Suite struct RFC3164ParserTests {
    static let receivedAt = RFC3339.parse("2026-11-23T09:00:00Z")!

    private func parse(_ line: String, receivedAt: Timestamp = RFC3164ParserTests.receivedAt) throws -> SyslogMessage {
        try SyslogParser.parse(Array(line.utf8), receivedAt: receivedAt).get()
    }

    private func time(_ text: String) -> Timestamp? { RFC3339.parse(text) }

    @Test func rfcExample1() throws {
        let m = try parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8")
        #expect(m == SyslogMessage(format: .rfc3164, facility: 4, severity: .critical, timestamp: time("2026-10-11T22:14:15Z"),
                                   hostname: "mymachine", appName: "su", procID: "", msgID: "", structuredData: [],
                                   message: "'su root' failed for lonvick on /dev/pts/8"))
    }

    @Test func rfcExample2NoPRI() throws {
        let m = try parse("Use the BFG!")
        #expect(m == SyslogMessage(format: .rfc3164, facility: 1, severity: .notice, timestamp: nil, hostname: "", appName: "",
                                   procID: "", msgID: "", structuredData: [], message: "Use the BFG!"))
    }

    @Test func rfcExample3() throws {
        // "CST 1987" is not part of a BSD timestamp: CST is taken as the host, and no TAG follows.
        let m = try parse("<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK")
        #expect(m.facility == 20 && m.severity == .notice)
        #expect(m.timestamp == time("2026-08-24T05:34:00Z"))
        #expect(m.hostname == "CST" && m.appName == "")
        #expect(m.message == "1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK")
    }

    @Test func rfcExample4InvalidTimestamp() throws {
        let m = try parse("<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!")
        #expect(m.format == .rfc3164 && m.severity == .emergency && m.facility == 0)
        #expect(m.timestamp == nil && m.hostname == "")
        #expect(m.message == "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!")
    }

    @Test func tagWithPIDAndPaddedDay() throws {
        let m = try parse("<30>Nov  3 07:04:05 web-1 nginx[4242]: GET / 200\n")
        #expect(m.timestamp == time("2026-11-03T07:04:05Z"))
        #expect(m.hostname == "web-1" && m.appName == "nginx" && m.procID == "4242" && m.message == "GET / 200")
        #expect(try parse("<30>Nov 3 07:04:05 web-1 nginx: x").timestamp == time("2026-11-03T07:04:05Z"))
    }

    @Test func missingHost() throws {
        let withPID = try parse("<13>Nov 23 08:00:00 sshd[123]: Accepted publickey")
        #expect(withPID.hostname == "" && withPID.appName == "sshd" && withPID.procID == "123" && withPID.message == "Accepted publickey")
        let plain = try parse("<13>Nov 23 08:00:00 cron: job done")
        #expect(plain.hostname == "" && plain.appName == "cron" && plain.message == "job done")
    }

    @Test func noTag() throws {
        let m = try parse("<13>Nov 23 08:00:00 host just some words")
        #expect(m.hostname == "host" && m.appName == "" && m.message == "just some words")
    }

    @Test func yearInference() throws {
        // December line received on 2 January: last year.
        let january = time("2027-01-02T00:00:00Z")!
        #expect(try parse("<13>Dec 31 23:59:59 h a: x", receivedAt: january).timestamp == time("2026-12-31T23:59:59Z"))
        // Up to a month ahead of the receive time stays in this year (a sender clock running fast).
        #expect(try parse("<13>Dec 20 00:00:00 h a: x").timestamp == time("2026-12-20T00:00:00Z"))
        #expect(try parse("<13>Dec 25 00:00:00 h a: x").timestamp == time("2025-12-25T00:00:00Z"))
        // 29 February exists only in leap years: 2028 is, so a line received in March 2028 keeps it.
        #expect(try parse("<13>Feb 29 12:00:00 h a: x", receivedAt: time("2028-03-01T00:00:00Z")!).timestamp == time("2028-02-29T12:00:00Z"))
        #expect(try parse("<13>Feb 29 12:00:00 h a: x").timestamp == nil)  // neither 2026 nor 2025
    }

    @Test func malformedVariantsAreKept() throws {
        #expect(try parse("<999>Nov 23 08:00:00 h a: x").message == "<999>Nov 23 08:00:00 h a: x")  // PRI out of range: no PRI
        #expect(try parse("<abc>hello").message == "<abc>hello")
        #expect(try parse("<13>").message == "")
        #expect(try parse("<13>Nov 23 25:00:00 h a: x").timestamp == nil)
        #expect(try parse("<13>Foo 23 08:00:00 h a: x").message == "Foo 23 08:00:00 h a: x")
        #expect(try parse("<13>Nov 23 08:00:00").timestamp == nil)  // nothing after the time
        #expect(try parse("<13>Nov 23 08:00:00 h a[1: x").appName == "")
        #expect(try parse("\u{0}").message == "")
    }

    @Test func extremeReceiveTimesDoNotTrap() {
        for ns in [Int64.max, Int64.min, 0, -1] {
            _ = SyslogParser.parse(Array("<13>Dec 31 23:59:59 h a: x".utf8), receivedAt: Timestamp(nanosecondsSinceEpoch: ns))
            _ = SyslogParser.parse(Array("<13>May  1 00:00:00 h a: x".utf8), receivedAt: Timestamp(nanosecondsSinceEpoch: ns))
        }
        #expect(SyslogParser.parse(Array("<13>Apr 30 00:00:00 h a: x".utf8), receivedAt: .distantFuture).isSuccess)
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
