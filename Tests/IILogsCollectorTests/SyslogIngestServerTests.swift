import Foundation
import IILogsCore
import IILogsStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing
@testable import IILogsCollector

@Suite struct SyslogIngestServerTests {
    static let maxMessageBytes = 512
    static let settings = CollectorSettings(
        agentListen: HostAndPort(host: "127.0.0.1", port: 0), httpListen: HostAndPort(host: "127.0.0.1", port: 0),
        syslogTCPListen: HostAndPort(host: "127.0.0.1", port: 0), syslogUDPListen: HostAndPort(host: "127.0.0.1", port: 0),
        syslogMaxMessageBytes: maxMessageBytes)

    /// Runs a collector with both syslog listeners over `store` and shuts it down after `body`.
    static func withCollector(_ store: InMemoryLogStore, _ body: (CollectorAddresses) async throws -> Void) async throws {
        _ = try await withCollectorCounters(store, body)
    }

    /// Polls `store` until `instanceID` holds `count` lines; bounded to 10 s.
    static func lines(_ store: InMemoryLogStore, _ instanceID: String, count: Int, within: Duration = .seconds(10)) async throws -> [LogRecord] {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            let lines = store.lines(of: instanceID)
            if lines.count >= count { return lines }
            try await Task.sleep(for: .milliseconds(20))
        }
        return store.lines(of: instanceID)
    }

    static func image(_ store: InMemoryLogStore, _ instanceID: String) async throws -> String? {
        let filter = InstanceFilter(instanceID: instanceID, now: .now(), lostAfter: .seconds(60))
        return try await store.instances(filter).first?.identity.imageVersion
    }

    static func sendTCP(_ bytes: String, to address: HostAndPort) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port).get()
        try await channel.writeAndFlush(ByteBuffer(string: bytes)).get()
        try await channel.close().get()
    }

    static func sendUDP(_ datagrams: [String], to address: HostAndPort) async throws {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let remote = try SocketAddress(ipAddress: address.host, port: address.port)
        for datagram in datagrams {
            try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(string: datagram))).get()
        }
        try await channel.close().get()
    }

    /// Header before MSG in the over-long test messages (`g-host` and `u-host` have the same length).
    static let header = "<14>1 - g-host app - - - "

    static func octetCounted(_ message: String) -> String { "\(message.utf8.count) \(message)" }

    @Test func tcpFramingsAndFormatsAreStoredOnceUnderTheRightIdentity() async throws {
        let store = InMemoryLogStore()
        try await Self.withCollector(store) { addresses in
            let tcp = try #require(addresses.syslogTCP)
            #expect(tcp.port != 0)
            #expect(addresses.description.hasSuffix(" syslog-tcp=127.0.0.1:\(tcp.port) syslog-udp=127.0.0.1:\(addresses.syslogUDP?.port ?? 0)"))
            let stream = Self.octetCounted(#"<11>1 2026-01-02T03:04:05Z web-1 api 42 - [iilogs@53595 instance="i-tcp" image="v7" role="web"] counted one"#)
                + Self.octetCounted(#"<14>1 2026-01-02T03:04:06Z web-1 api 42 - [iilogs@53595 instance="i-tcp" image="v7" role="web"] counted two"#)
                + "<12>1 2026-01-02T03:04:07Z host-lf worker - - - lf framed\n"
                + "<13>Jan  2 03:04:08 legacy-host sshd[99]: bsd line\n"
            try await Self.sendTCP(stream, to: tcp)

            let counted = try await Self.lines(store, "i-tcp", count: 2)
            #expect(counted.map(\.message) == ["counted one", "counted two"])
            #expect(counted.map(\.severity) == [.error, .info])
            #expect(counted.map(\.app) == ["api", "api"])
            #expect(try await Self.image(store, "i-tcp") == "v7")
            let lf = try await Self.lines(store, "host-lf", count: 1)
            #expect(lf.map(\.message) == ["lf framed"])
            #expect(lf.first?.severity == .warning)
            #expect(try await Self.image(store, "host-lf") == "unknown")
            let bsd = try await Self.lines(store, "legacy-host", count: 1)
            #expect(bsd.map(\.message) == ["bsd line"])
            #expect(bsd.first?.app == "sshd")
            #expect(bsd.first?.severity == .notice)
        }
        #expect(store.isClosed)
    }

    @Test func udpDatagramsAreStoredIncludingHostlessOnesUnderThePeerAddress() async throws {
        let store = InMemoryLogStore()
        let counters = try await Self.withCollectorCounters(store) { addresses in
            let udp = try #require(addresses.syslogUDP)
            try await Self.sendUDP([
                #"<14>1 - - app - - [iilogs@53595 instance="i-udp" image="v3"] datagram one"#,
                #"<14>1 - - app - - [iilogs@53595 instance="i-udp" image="v3"] datagram two"#,
                "<14>1 - - anon - - - nobody",
            ], to: udp)
            let lines = try await Self.lines(store, "i-udp", count: 2)
            #expect(lines.map(\.message) == ["datagram one", "datagram two"])
            #expect(try await Self.image(store, "i-udp") == "v3")
            let anonymous = try await Self.lines(store, "127.0.0.1", count: 1)
            #expect(anonymous.map(\.message) == ["nobody"])
            #expect(try await Self.image(store, "127.0.0.1") == "unknown")
        }
        #expect(counters.syslogMessages == 3)
    }

    @Test func garbageAndOverlongInputAreStoredMarkedCountedAndServingGoesOn() async throws {
        let store = InMemoryLogStore()
        let long = String(repeating: "x", count: Self.maxMessageBytes * 2)
        let counters = try await Self.withCollectorCounters(store) { addresses in
            let tcp = try #require(addresses.syslogTCP)
            let udp = try #require(addresses.syslogUDP)
            let stream = "<14>1 - g-host app - - [broken sd\n"
                + Self.octetCounted("<14>1 - g-host app - - - \(long)")
                + "<14>1 - g-host app - - - \(long)\n"
                + "<14>1 - g-host app - - - still served\n"
            try await Self.sendTCP(stream, to: tcp)
            try await Self.sendUDP(["<14>1 - u-host app - - - \(long)"], to: udp)
            let lines = try await Self.lines(store, "127.0.0.1", count: 1)
            #expect(lines.count == 1)
            #expect(lines.first?.message == "<14>1 - g-host app - - [broken sd")
            #expect(lines.first?.fields.map(\.name) == ["syslog_error"])
            let served = try await Self.lines(store, "g-host", count: 3)
            #expect(served.map { $0.message.count } == [Self.maxMessageBytes - Self.header.utf8.count, Self.maxMessageBytes - Self.header.utf8.count, "still served".count])
            #expect(served.map { $0.fields.contains(LogField("truncated", "true")) } == [true, true, false])
            let udpLines = try await Self.lines(store, "u-host", count: 1)
            #expect(udpLines.first?.fields.contains(LogField("truncated", "true")) == true)
            #expect(udpLines.first?.message.count == Self.maxMessageBytes - Self.header.utf8.count)
        }
        #expect(counters.syslogMessages == 5)
        #expect(counters.syslogParseErrors == 1)
        #expect(counters.syslogTruncated == 3)
    }

    @Test func utilLinuxLoggerIsStoredUnderItsSDIdentity() async throws {
        let store = InMemoryLogStore()
        try await Self.withCollector(store) { addresses in
            let tcp = try #require(addresses.syslogTCP)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/logger")
            process.arguments = ["--tcp", "--server", "127.0.0.1", "--port", "\(tcp.port)", "--octet-count", "--rfc5424",
                                 "--sd-id", "iilogs@53595", "--sd-param", #"instance="i-logger""#, "--sd-param", #"image="v9""#,
                                 "hello from logger"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let lines = try await Self.lines(store, "i-logger", count: 1)
            #expect(lines.map(\.message) == ["hello from logger"])
            #expect(try await Self.image(store, "i-logger") == "v9")
        }
    }

    /// Like ``withCollector(_:_:)``, returning the collector's counters after shutdown (all pending lines stored).
    static func withCollectorCounters(_ store: InMemoryLogStore, settings: CollectorSettings = settings,
                                      _ body: (CollectorAddresses) async throws -> Void) async throws -> CollectorCounters.Snapshot {
        let collector = Collector(settings: settings, store: store, logger: Logger(label: "test"))
        try await withRunningCollector(collector, body)
        return collector.counters.snapshot()
    }
}
