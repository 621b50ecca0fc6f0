import Foundation
import IILogsCollector
import IILogsCore
import IILogsStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

extension IngestBenchmark {
    /// Most lines sent through the syslog TCP listener (the fleet's first lines, instance by instance).
    public static let defaultSyslogLines = 200_000
    /// Longest the syslog phase waits for its lines to be stored.
    public static let syslogPhaseTimeout = Duration.seconds(600)

    /// The first `count` lines of the seeded fleet as octet-counted RFC 5424 messages carrying the identity as
    /// structured data — what rsyslog with docs/senders/ sends — split over `connections` streams.
    static func syslogStreams(options o: Options, count: Int, start: Timestamp) -> [ByteBuffer] {
        var workload = FleetWorkload(seed: o.seed)
        let step = max(1, 3_600_000_000_000 / Int64(max(1, o.linesPerInstance)))
        var streams = [ByteBuffer](repeating: ByteBuffer(), count: max(1, o.connections))
        var produced = 0
        instances: for i in 0..<o.instances {
            let instance = String(format: "i-%017x", i + 1)
            let image = "v\(40 + i % o.images)"
            for n in 0..<o.linesPerInstance {
                guard produced < count else { break instances }
                let r = workload.nextLine(time: start.adding(nanoseconds: Int64(n) * step), hostname: "ip-10-0-\(i / 250)-\(i % 250)")
                let pri = Int(r.facility) * 8 + Int(r.severity.rawValue)
                let time = String(RFC3339.format(r.time).dropLast(4)) + "Z"
                let message = "<\(pri)>1 \(time) \(r.hostname.isEmpty ? "-" : r.hostname) \(r.app.isEmpty ? "-" : r.app) "
                    + "\(r.procID.isEmpty ? "-" : r.procID) - [iilogs@53595 instance=\"\(instance)\" image=\"\(image)\"] \(r.message)"
                let index = i % streams.count
                streams[index].writeString("\(message.utf8.count) ")
                streams[index].writeString(message)
                produced += 1
            }
        }
        return streams
    }

    /// The syslog phase: a collector of its own with only the syslog TCP listener, over a fresh store in
    /// `folder` (so the agent phase's disk figure stays its own), fed `options.syslogLines` of the fleet's lines.
    /// Returns the lines sent and the seconds until all were stored.
    static func measureSyslogTCP(options o: Options, folder: String, start: Timestamp, logger: Logger,
                                 progress: @Sendable (String) -> Void) async throws -> (lines: Int, seconds: Double) {
        let lines = min(o.syslogLines, o.instances * o.linesPerInstance)
        guard lines > 0 else { return (0, 0) }
        let streams = syslogStreams(options: o, count: lines, start: start)
        let store = try SQLiteStore(directory: folder, logger: logger)
        var settings = CollectorSettings(dataDirectory: folder, agentListen: .init(host: "127.0.0.1", port: 0),
                                         httpListen: .init(host: "127.0.0.1", port: 0), syslogTCPListen: .init(host: "127.0.0.1", port: 0))
        // Every stream comes from 127.0.0.1: the per-sender limit would measure itself, not ingest.
        settings.syslogMaxRecordsPerSecondPerSender = nil
        let collector = Collector(settings: settings, store: store, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: collector)], logger: logger))
        let seconds: Double = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await collector.addresses()
            guard let syslog = addresses.syslogTCP else { throw IngestBenchmarkError(message: "the syslog TCP listener did not bind") }
            progress("sending \(lines) lines as octet-counted RFC 5424 through \(syslog) with \(streams.count) connections…")
            let seconds = try await runSyslogPhase(streams: streams, lines: lines, address: syslog, counters: collector.counters, before: 0)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return seconds
        }
        return (lines, seconds)
    }

    /// Sends `streams` over one TCP connection each to `address` and waits until `counters` counted `lines`
    /// more stored lines than `before`; returns the seconds from the first byte to the last line stored.
    static func runSyslogPhase(streams: [ByteBuffer], lines: Int, address: HostAndPort, counters: CollectorCounters,
                               before: Int) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for stream in streams where stream.readableBytes > 0 {
                group.addTask {
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connect(host: address.host, port: address.port).get()
                    try await channel.writeAndFlush(stream).get()
                    try await channel.close().get()
                }
            }
            try await group.waitForAll()
        }
        let deadline = start + syslogPhaseTimeout
        while counters.snapshot().lines < before + lines {
            guard clock.now < deadline else {
                throw IngestBenchmarkError(message: "syslog phase: \(counters.snapshot().lines - before) of \(lines) lines stored after \(syslogPhaseTimeout)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return (clock.now - start).seconds
    }
}

/// A phase of the ingest benchmark (syslog, compaction) could not run or finish.
struct IngestBenchmarkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
