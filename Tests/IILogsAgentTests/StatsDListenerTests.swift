import IILogsAgent
import IILogsCore
import Testing

@Suite("StatsD listener")
struct StatsDListenerTests {
    func metrics(_ sink: InputCollectingSink) -> [MetricSample] {
        sink.records.compactMap { if case .metric(let m) = $0 { m } else { nil } }
    }

    @Test func receivesOverUDPAndAUnixSocketAndFlushesEachInterval() async throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let path = folder.file("statsd.sock")
        let sink = InputCollectingSink()
        let listener = StatsDListener(options: .init(udp: HostAndPort(host: "127.0.0.1", port: 0), socketPath: path, flushInterval: .seconds(1)),
                                      sink: sink, bootID: "boot-1", logger: inputTestLogger)
        try await inputWhileRunning(listener) {
            #expect(await inputEventually { listener.stats.snapshot.udpPort != nil && listener.stats.snapshot.socketBound })
            let port = try #require(listener.stats.snapshot.udpPort)
            try SyslogTestSender.udp(Array("jobs:1|c\njobs:2|c\nbroken\nqueue:7|g|#q:mail\n".utf8), port: port)
            try SyslogTestSender.unixDatagram(Array("jobs:4|c\nevent:migrated|schema 12\n".utf8), to: path)
            #expect(await inputEventually { listener.stats.snapshot.datagrams == 2 })
            // The flush loop submits within the interval.
            #expect(await inputEventually { metrics(sink).contains { $0.name == "jobs" } })
        }
        let samples = metrics(sink)
        #expect(samples.first { $0.name == "jobs" }?.value == 7)
        #expect(samples.first { $0.name == "queue" }?.labels == [LogField("q", "mail")])
        let events = sink.records.compactMap { if case .lifecycle(let e) = $0 { e } else { nil } }
        #expect(events.map(\.name.rawValue) == ["migrated"])
        #expect(events.first?.detail == "schema 12")
        #expect(events.first?.bootID == "boot-1")
        #expect(events.first?.fields == [LogField("source", "statsd")])
        let stats = listener.stats.snapshot
        #expect(stats.metricLines == 4)
        #expect(stats.events == 1)
        #expect(stats.parseErrors == ["missing_value": 1])
        #expect(stats.dropped == 1)
    }

    @Test func stoppingFlushesWhatIsAggregated() async throws {
        let sink = InputCollectingSink()
        let listener = StatsDListener(options: .init(udp: HostAndPort(host: "127.0.0.1", port: 0), flushInterval: .seconds(3600),
                                                     limits: .init(maxNames: 1)),
                                      sink: sink, logger: inputTestLogger)
        try await inputWhileRunning(listener) {
            #expect(await inputEventually { listener.stats.snapshot.udpPort != nil })
            let port = try #require(listener.stats.snapshot.udpPort)
            try SyslogTestSender.udp(Array("t:5|ms\nt:15|ms\nother:1|c\n".utf8), port: port)
            #expect(await inputEventually { listener.stats.snapshot.datagrams == 1 })
            #expect(metrics(sink).isEmpty, "nothing before the interval ends")
        }
        let samples = metrics(sink)
        #expect(samples.first { $0.name == "t.mean" }?.value == 10)
        #expect(samples.first { $0.name == "t.count" }?.value == 2)
        #expect(!samples.contains { $0.name == "other" })
        #expect(listener.stats.snapshot.droppedTooManyNames == 1)
    }

    @Test func aBindFailureThrows() async throws {
        let listener = StatsDListener(options: .init(socketPath: "/nonexistent-iilogs-dir/statsd.sock"), sink: InputCollectingSink(),
                                      logger: inputTestLogger)
        await #expect(throws: (any Error).self) { try await listener.run() }
    }
}
