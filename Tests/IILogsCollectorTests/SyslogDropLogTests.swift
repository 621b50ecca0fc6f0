import Testing
@testable import IILogsCollector

@Suite struct SyslogDropLogTests {
    @Test func theFirstDropIsReportedAtOnceLaterOnesOncePerIntervalSummed() {
        var log = SyslogDropLog(interval: .seconds(10))
        let start = ContinuousClock.now
        // The first drop is reported at once
        #expect(log.dropped(sender: "10.0.0.1", at: start) == .init(dropped: 1, senders: ["10.0.0.1"], moreSenders: false))
        // Within the interval nothing is reported, however many drops
        for n in 1...1_000 { #expect(log.dropped(sender: n % 2 == 0 ? "10.0.0.1" : "10.0.0.2", at: start + .milliseconds(n)) == nil) }
        // The first drop after the interval reports every drop since the last report
        #expect(log.dropped(sender: "10.0.0.3", at: start + .seconds(10))
            == .init(dropped: 1_001, senders: ["10.0.0.1", "10.0.0.2", "10.0.0.3"], moreSenders: false))
        // And what is left when the listener stops is flushed once
        #expect(log.dropped(sender: "10.0.0.1", at: start + .seconds(11)) == nil)
        #expect(log.flush() == .init(dropped: 1, senders: ["10.0.0.1"], moreSenders: false))
        #expect(log.flush() == nil)
    }

    @Test func sendersNamedInOneReportAreBounded() {
        var log = SyslogDropLog(interval: .seconds(10))
        let start = ContinuousClock.now
        _ = log.dropped(sender: "first", at: start)
        for n in 0..<100 { _ = log.dropped(sender: "10.0.0.\(n)", at: start + .seconds(1)) }
        let report = log.flush()
        #expect(report?.dropped == 100)
        #expect(report?.senders.count == SyslogDropLog.maxSendersNamed)
        #expect(report?.moreSenders == true)
    }
}
