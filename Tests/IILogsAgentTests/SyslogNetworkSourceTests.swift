#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IILogsAgent
import IILogsCore
import Testing

@Suite("SyslogNetworkSource")
struct SyslogNetworkSourceTests {
    let loopback = HostAndPort(host: "127.0.0.1", port: 0)

    @Test func receivesOverUDPAndTCPWithBothFramings() async throws {
        let sink = InputCollectingSink()
        let source = SyslogNetworkSource(udp: loopback, tcp: loopback, sink: sink, logger: inputTestLogger)
        try await inputWhileRunning(source) {
            #expect(await inputEventually { source.stats.snapshot.udpPort != nil && source.stats.snapshot.tcpPort != nil })
            let udpPort = try #require(source.stats.snapshot.udpPort)
            let tcpPort = try #require(source.stats.snapshot.tcpPort)
            try SyslogTestSender.udp(Array("<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - 'su root' failed".utf8), port: udpPort)
            #expect(await inputEventually { sink.logRecords.count == 1 })
            let counted = "<13>1 - host-b app 1 - - counted"
            let stream = "\(counted.utf8.count) \(counted)" + "<30>Oct 11 22:14:15 host-c cron[7]: line one\r\n"
            try SyslogTestSender.tcp(Array(stream.utf8), port: tcpPort)
            #expect(await inputEventually { sink.logRecords.count == 3 })
        }
        let records = sink.logRecords
        #expect(records.map(\.message) == ["'su root' failed", "counted", "line one"])
        #expect(records.map(\.hostname) == ["mymachine", "host-b", "host-c"])
        #expect(records.map(\.severity) == [.critical, .notice, .info])
        #expect(records[2].app == "cron")
        #expect(source.stats.snapshot.received == 3)
        #expect(source.stats.snapshot.parseErrors == 0)
    }

    @Test func cutsOverLongTCPLinesAndClosesUnframeableStreams() async throws {
        let sink = InputCollectingSink()
        let source = SyslogNetworkSource(udp: nil, tcp: loopback, maxMessageBytes: 64, sink: sink, logger: inputTestLogger)
        try await inputWhileRunning(source) {
            #expect(await inputEventually { source.stats.snapshot.tcpPort != nil })
            let port = try #require(source.stats.snapshot.tcpPort)
            let long = "<14>Nov  3 12:00:00 host app: " + String(repeating: "z", count: 100)
            try SyslogTestSender.tcp(Array((long + "\n<14>Nov  3 12:00:00 host app: short\n").utf8), port: port)
            #expect(await inputEventually { sink.logRecords.count == 2 })
            try SyslogTestSender.tcp(Array("99999 <14>app: too long".utf8), port: port)
            #expect(await inputEventually { source.stats.snapshot.framingErrors == 1 })
        }
        let records = sink.logRecords
        #expect(records.count == 2)
        #expect(records[0].fields.contains(LogField("truncated", "true")))
        #expect(records[1].message == "short")
        #expect(!records[1].fields.contains(LogField("truncated", "true")))
        #expect(source.stats.snapshot.truncated == 1)
    }

    @Test func refusesConnectionsOverTheCap() async throws {
        let sink = InputCollectingSink()
        let source = SyslogNetworkSource(udp: nil, tcp: loopback, maxConnections: 1, sink: sink, logger: inputTestLogger)
        try await inputWhileRunning(source) {
            #expect(await inputEventually { source.stats.snapshot.tcpPort != nil })
            let port = try #require(source.stats.snapshot.tcpPort)
            let first = try SyslogTestSender.tcpConnect(port: port)
            defer { close(first) }
            #expect(await inputEventually { source.stats.snapshot.activeConnections == 1 })
            let second = try SyslogTestSender.tcpConnect(port: port)
            defer { close(second) }
            #expect(await inputEventually { source.stats.snapshot.connectionsRefused == 1 })
            try SyslogTestSender.write(Array("<14>Nov  3 12:00:00 host app: still served\n".utf8), to: first)
            #expect(await inputEventually { sink.logRecords.count == 1 })
        }
        #expect(sink.messages == ["still served"])
        #expect(source.stats.snapshot.connectionsAccepted == 1)
    }

    @Test func parsesEndpoints() {
        #expect(HostAndPort(parsing: "127.0.0.1:514") == HostAndPort(host: "127.0.0.1", port: 514))
        #expect(HostAndPort(parsing: "[::1]:0") == HostAndPort(host: "::1", port: 0))
        #expect(HostAndPort(parsing: "localhost") == nil)
        #expect(HostAndPort(parsing: ":514") == nil)
        #expect(HostAndPort(parsing: "host:70000") == nil)
    }
}
