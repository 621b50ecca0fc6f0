import Foundation
import IILogsCore
import IILogsStore
import IILogsTesting
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing
@testable import IILogsCollector

/// The syslog listeners' TLS and records-per-second limit, in process on 127.0.0.1.
@Suite struct SyslogIngestServerLimitsTests {
    static func settings(tcp: Bool = false, udp: Bool = false, perSecond: Int?, burst: Duration) -> CollectorSettings {
        var settings = SyslogIngestServerTests.settings
        settings.syslogTCPListen = tcp ? HostAndPort(host: "127.0.0.1", port: 0) : nil
        settings.syslogUDPListen = udp ? HostAndPort(host: "127.0.0.1", port: 0) : nil
        settings.syslogMaxRecordsPerSecondPerSender = perSecond
        settings.syslogRecordsBurst = burst
        return settings
    }

    static func line(_ instance: String, _ n: Int) -> String {
        #"<14>1 - host app - - [iilogs@53595 instance="\#(instance)" image="v1"] \#(instance) seq=\#(n)"#
    }

    static func octetCounted(_ instance: String, _ range: Range<Int>) -> [UInt8] {
        range.flatMap { SyslogSender.octetCounted(line(instance, $0)) }
    }

    /// Runs a collector over `store` with `settings`, giving `body` its live counters; returns them after shutdown.
    static func withCollector(_ store: InMemoryLogStore, _ settings: CollectorSettings,
                              _ body: (CollectorAddresses, CollectorCounters) async throws -> Void) async throws -> CollectorCounters.Snapshot {
        let collector = Collector(settings: settings, store: store, logger: Logger(label: "test"))
        try await withRunningCollector(collector) { addresses in try await body(addresses, collector.counters) }
        return collector.counters.snapshot()
    }

    static func sequence(_ lines: [LogRecord]) -> [Int] {
        lines.compactMap { Int($0.message.split(separator: "=").last ?? "") }
    }

    @Test func udpAboveTheLimitIsDroppedCountedAndOtherSendersAreServed() async throws {
        let store = InMemoryLogStore()
        let sent = 100
        var elapsed = Duration.zero
        let counters = try await Self.withCollector(store, Self.settings(udp: true, perSecond: 10, burst: .seconds(1))) { addresses, live in
            let udp = try #require(addresses.syslogUDP)
            let started = ContinuousClock.now
            defer { elapsed = ContinuousClock.now - started }
            // Given one sender far above 10 records per second (a 1 s burst), and one within it from another address
            for n in 0..<sent { try SyslogSender.sendUDP(host: "127.0.0.1", port: udp.port, Self.line("i-flood", n)) }
            for n in 0..<3 { try SyslogSender.sendUDP(host: "127.0.0.1", port: udp.port, from: "127.0.0.2", Self.line("i-calm", n)) }

            // Then the calm sender is stored in full, and every flood datagram is either stored or counted as dropped
            #expect(Self.sequence(try await SyslogIngestServerTests.lines(store, "i-calm", count: 3)) == [0, 1, 2])
            let settled = await eventually {
                store.lines(of: "i-flood").count + (live.snapshot().refusals[SyslogIngestServer.udpRateLimitReason] ?? 0) >= sent
            }
            #expect(settled)
        }
        let stored = Self.sequence(store.lines(of: "i-flood"))
        let dropped = counters.refusals[SyslogIngestServer.udpRateLimitReason] ?? 0
        #expect(stored.count + dropped == sent, "stored \(stored.count), dropped \(dropped)")
        // At most the burst and what the rate refilled while the datagrams were sent and read (a loaded machine takes
        // seconds for them); the rest is dropped.
        let allowed = 10 + Int((10 * Double(elapsed.components.seconds) + 10 * Double(elapsed.components.attoseconds) / 1e18).rounded(.up))
        #expect(stored.count >= 11 && stored.count <= allowed && dropped >= sent - allowed,
                "stored \(stored.count), dropped \(dropped), at most \(allowed) allowed in \(elapsed)")
        #expect(stored == stored.sorted() && Set(stored).count == stored.count, "each accepted line once: \(stored)")
        #expect(counters.refusals.keys.sorted() == [SyslogIngestServer.udpRateLimitReason], "\(counters.refusals)")
    }

    @Test func tcpAboveTheLimitIsSlowedDownAndNothingIsDropped() async throws {
        let store = InMemoryLogStore()
        let started = ContinuousClock.now
        var elapsed = Duration.zero
        let counters = try await SyslogIngestServerTests.withCollectorCounters(
            store, settings: Self.settings(tcp: true, perSecond: 20, burst: .zero)) { addresses in
            let tcp = try #require(addresses.syslogTCP)
            // Given 60 lines in three reads 50 ms apart, at 20 records per second and no burst
            try await SyslogSender.sendTCP(host: "127.0.0.1", port: tcp.port,
                                           chunks: [Self.octetCounted("i-fast", 0..<20), Self.octetCounted("i-fast", 20..<40),
                                                    Self.octetCounted("i-fast", 40..<60)],
                                           pause: .milliseconds(50))
            // Then all of them are stored, the later reads only after their share of a second each
            let lines = try await SyslogIngestServerTests.lines(store, "i-fast", count: 60)
            elapsed = ContinuousClock.now - started
            #expect(Self.sequence(lines) == Array(0..<60))
        }
        #expect(elapsed >= .seconds(1), "60 lines at 20/s stored in \(elapsed)")
        #expect(counters.syslogThrottledReads >= 1 && counters.syslogThrottledMilliseconds >= 500, "\(counters)")
        #expect(counters.refusals.isEmpty, "nothing refused or dropped: \(counters.refusals)")
    }

    @Test func gracefulShutdownEndsAPauseAndStoresWhatWasRead() async throws {
        let store = InMemoryLogStore()
        var sendStarted = ContinuousClock.now
        _ = try await SyslogIngestServerTests.withCollectorCounters(
            store, settings: Self.settings(tcp: true, perSecond: 1, burst: .zero)) { addresses in
            let tcp = try #require(addresses.syslogTCP)
            // Given a sender at 1 record per second whose reads are due at about 0 s, 1 s, 11 s, 21 s and 31 s
            // (each read waits until the records before it are paid for)
            sendStarted = ContinuousClock.now  // after the collector's start, which a loaded suite stretches too
            try await SyslogSender.sendTCP(host: "127.0.0.1", port: tcp.port,
                                           chunks: [Self.octetCounted("i-paused", 0..<1), Self.octetCounted("i-paused", 1..<11),
                                                    Self.octetCounted("i-paused", 11..<21), Self.octetCounted("i-paused", 21..<31),
                                                    Self.octetCounted("i-paused", 31..<32)],
                                           pause: .milliseconds(50))
            // (lines 0…10 are stored about 2 s in; the slack is for a machine loaded by the rest of the suite)
            #expect(try await SyslogIngestServerTests.lines(store, "i-paused", count: 11, within: .seconds(15)).count >= 11)
        }
        // When the collector shuts down, the pauses end: the lines are stored and shutdown does not wait them out.
        // (Measured from the send: a loaded suite stretches both the wait above and the shutdown, but only a
        // shutdown that waited out the pauses ends after ~31 s.)
        #expect(ContinuousClock.now - sendStarted < .seconds(25))
        #expect(Self.sequence(store.lines(of: "i-paused")) == Array(0..<32))
    }

    @Test func aPlainClientOnTheTLSListenerIsRefusedAndCountedWhilePlainTCPServes() async throws {
        let folder = try TemporaryDirectory(prefix: "syslog-tls")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.path)
        var settings = Self.settings(tcp: true, perSecond: nil, burst: .zero)
        settings.tls = TLSServerSettings(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey)
        settings.syslogTLSListen = HostAndPort(host: "127.0.0.1", port: 0)
        let store = InMemoryLogStore()
        let counters = try await SyslogIngestServerTests.withCollectorCounters(store, settings: settings) { addresses in
            let tls = try #require(addresses.syslogTLS)
            let tcp = try #require(addresses.syslogTCP)
            #expect(addresses.description.hasSuffix(" syslog-tls=127.0.0.1:\(tls.port)"), "\(addresses)")
            // Given a plain-TCP sender on the TLS listener
            let reply = try SyslogSender.tcpExchange(host: "127.0.0.1", port: tls.port, send: Self.octetCounted("i-plain", 0..<3))
            // Then it gets a fatal TLS alert record, nothing else, and is closed
            #expect(reply.count == 7 && reply.first == 21 && reply[5] == 2, "expected one fatal TLS alert, got \(reply.prefix(16))")
            // And plain TCP still serves
            try SyslogSender.sendTCP(host: "127.0.0.1", port: tcp.port, Self.octetCounted("i-tcp", 0..<2))
            #expect(Self.sequence(try await SyslogIngestServerTests.lines(store, "i-tcp", count: 2)) == [0, 1])
        }
        #expect(counters.refusals == ["tls_handshake": 1])
        #expect(store.lines(of: "i-plain").isEmpty)
    }
}
