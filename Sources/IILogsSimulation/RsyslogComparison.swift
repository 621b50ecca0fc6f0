public import Foundation
import IILogsCollector
import IILogsCore
import IILogsStore
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `iilogs bench compare-rsyslog`: the same RFC 5424 stream over TCP into rsyslog (one flat file, no
/// index) and into the collector's syslog listener (chunked, indexed, committed), side by side.
///
/// rsyslog writes each message's raw text plus a newline (`%rawmsg%`), the cheapest output it has, so
/// the comparison favours it; it is done when its file reaches the exact expected size. iilogs is done
/// when every line is durably committed (`syslogLines` counter).
public struct RsyslogComparison: Sendable {
    public struct Options: Sendable {
        public var lines = 1_000_000
        public var hosts = 1000
        public var images = 5
        /// Concurrent TCP connections to each receiver; hosts are spread over them.
        public var connections = 4
        public var seed: UInt64 = 42
        public var rsyslogPath = "/usr/sbin/rsyslogd"
        /// Longest wait for either receiver to store everything.
        public var timeout: Duration = .seconds(600)
        public init() {}
    }

    public struct Result: Sendable {
        public var lines: Int
        public var streamBytes: Int
        public var rsyslogSeconds: Double
        public var rsyslogFileBytes: Int
        public var iilogsSeconds: Double
        public var iilogsBytesOnDisk: Int

        public var rsyslogLinesPerSecond: Double { Double(lines) / rsyslogSeconds }
        public var iilogsLinesPerSecond: Double { Double(lines) / iilogsSeconds }
        /// iilogs' rate over rsyslog's (issue 7's target: at least 1.5).
        public var ratio: Double { iilogsLinesPerSecond / rsyslogLinesPerSecond }
    }

    /// Why the comparison could not run or finish.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs rsyslog, then iilogs, on the same octet-counted streams, in `workDirectory` (empty).
    public func run(workDirectory: String, progress: @Sendable (String) -> Void) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: options.rsyslogPath) else {
            throw Failure(description: "rsyslogd not found at \(options.rsyslogPath); install Debian's rsyslog package (apt-get install rsyslog) or pass --rsyslogd PATH")
        }
        progress("generating \(options.lines) RFC 5424 lines from \(options.hosts) hosts…")
        let streams = makeStreams()
        let streamBytes = streams.reduce(0) { $0 + $1.framed.readableBytes }
        let rawBytes = streams.reduce(0) { $0 + $1.rawBytes }

        progress("rsyslog: \(streamBytes) bytes over \(options.connections) connections…")
        let rsyslog = try await runRsyslog(streams: streams, expectedFileBytes: rawBytes + options.lines,
                                           folder: workDirectory + "/rsyslog")
        progress("iilogs: the same stream into the collector's syslog listener…")
        let iilogs = try await runIILogs(streams: streams, folder: workDirectory + "/iilogs")
        return Result(lines: options.lines, streamBytes: streamBytes, rsyslogSeconds: rsyslog.seconds, rsyslogFileBytes: rsyslog.bytes,
                      iilogsSeconds: iilogs.seconds, iilogsBytesOnDisk: iilogs.bytes)
    }

    /// One connection's share: octet-counted frames, and the bytes of the messages alone.
    struct Stream: Sendable {
        var framed: ByteBuffer
        var rawBytes: Int
    }

    func makeStreams() -> [Stream] {
        var workload = FleetWorkload(seed: options.seed)
        var streams = (0..<options.connections).map { _ in Stream(framed: ByteBuffer(), rawBytes: 0) }
        let start = Timestamp.now().adding(nanoseconds: -3_600_000_000_000)
        let step = max(1, 3_600_000_000_000 / Int64(options.lines))
        for n in 0..<options.lines {
            let host = n % options.hosts
            let record = workload.nextLine(time: start.adding(nanoseconds: Int64(n) * step), hostname: String(format: "ip-10-0-%d-%d", host / 250, host % 250))
            let message = Self.rfc5424(record, instance: String(format: "i-%017x", host + 1), image: "v\(40 + host % options.images)")
            let index = host % options.connections
            streams[index].framed.writeString("\(message.utf8.count) ")
            streams[index].framed.writeString(message)
            streams[index].rawBytes += message.utf8.count
        }
        return streams
    }

    /// `<PRI>1 TIME HOST APP PROCID - [iilogs@53595 instance=… image=…] MSG`.
    static func rfc5424(_ record: LogRecord, instance: String, image: String) -> String {
        let pri = Int(record.facility) * 8 + Int(record.severity.rawValue)
        return "<\(pri)>1 \(RFC3339.format(record.time)) \(record.hostname) \(record.app) \(record.procID) - "
            + "[iilogs@53595 instance=\"\(instance)\" image=\"\(image)\"] \(record.message)"
    }

    func runRsyslog(streams: [Stream], expectedFileBytes: Int, folder: String) async throws -> (seconds: Double, bytes: Int) {
        try FileManager.default.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
        let port = try Self.freeLoopbackPort()
        let output = folder + "/all.log"
        let config = """
            global(workDirectory="\(folder)/work" maxMessageSize="64k")
            module(load="imtcp" maxSessions="200")
            input(type="imtcp" address="127.0.0.1" port="\(port)")
            template(name="raw" type="string" string="%rawmsg%\\n")
            *.* action(type="omfile" file="\(output)" template="raw")

            """
        try config.write(toFile: folder + "/rsyslog.conf", atomically: true, encoding: .utf8)
        let process = try ChildProcess(path: options.rsyslogPath,
                                       arguments: ["-n", "-f", folder + "/rsyslog.conf", "-i", folder + "/rsyslogd.pid"],
                                       outputPath: folder + "/rsyslogd.out")
        do {
            let result = try await measureRsyslog(process, streams: streams, port: port, output: output, expectedFileBytes: expectedFileBytes)
            await process.stop()
            return result
        } catch {
            await process.stop()
            throw error
        }
    }

    /// How long rsyslog's output may stand still before the comparison gives up.
    static let stallLimit: Duration = .seconds(15)

    private func measureRsyslog(_ process: ChildProcess, streams: [Stream], port: Int, output: String,
                                expectedFileBytes: Int) async throws -> (seconds: Double, bytes: Int) {
        try await Self.waitUntilAccepting(port: port, deadline: .now + .seconds(20))
        let clock = ContinuousClock()
        let started = clock.now
        try await send(streams, port: port)
        let deadline = clock.now + options.timeout
        var size = 0
        var lastGrowth = clock.now
        while size < expectedFileBytes {
            guard clock.now < deadline else {
                throw Failure(description: "rsyslog wrote \(size) of \(expectedFileBytes) bytes within \(options.timeout)")
            }
            // A file that stops growing short of the stream means rsyslog dropped or rewrote messages: say so
            // now rather than at the overall timeout.
            guard clock.now - lastGrowth < Self.stallLimit else {
                throw Failure(description: "rsyslog's file stopped growing at \(size) of \(expectedFileBytes) bytes for \(Self.stallLimit); it dropped or changed messages (see its output in the work folder)")
            }
            guard process.isRunning else { throw Failure(description: "rsyslogd exited (wait status \(process.status ?? 0)); see its output in the work folder") }
            try await Task.sleep(for: .milliseconds(20))
            let now = Self.fileSize(output)
            if now > size { lastGrowth = clock.now }
            size = now
        }
        return ((clock.now - started).seconds, size)
    }

    func runIILogs(streams: [Stream], folder: String) async throws -> (seconds: Double, bytes: Int) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(directory: folder, logger: logger)
        var settings = CollectorSettings(dataDirectory: folder, agentListen: .init(host: "127.0.0.1", port: 0),
                                         httpListen: .init(host: "127.0.0.1", port: 0),
                                         syslogTCPListen: .init(host: "127.0.0.1", port: 0))
        // Every stream comes from 127.0.0.1: the per-sender limit would measure itself, not ingest.
        settings.syslogMaxRecordsPerSecondPerSender = nil
        let collector = Collector(settings: settings, store: store, logger: logger, closesStoreOnExit: false)
        let group = ServiceGroup(configuration: .init(services: [.init(service: collector)], logger: logger))
        let seconds: Double = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await collector.addresses()
            guard let syslog = addresses.syslogTCP else { throw Failure(description: "the collector did not open its syslog TCP listener") }
            let clock = ContinuousClock()
            let started = clock.now
            try await send(streams, port: syslog.port)
            let deadline = clock.now + options.timeout
            while collector.counters.snapshot().syslogLines < options.lines {
                guard clock.now < deadline else {
                    throw Failure(description: "iilogs stored \(collector.counters.snapshot().syslogLines) of \(options.lines) lines within \(options.timeout)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let seconds = (clock.now - started).seconds
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return seconds
        }
        await store.close()
        return (seconds, IngestBenchmark.folderSize(folder))
    }

    /// Writes each stream on its own connection, all at once, and closes them once every byte is in the kernel.
    ///
    /// Each write is awaited until it reached the socket: closing a channel fails the writes still queued in it,
    /// which cut streams short (rsyslog logged "Incomplete frame at end of stream" and the comparison stalled).
    func send(_ streams: [Stream], port: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for stream in streams {
                group.addTask {
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connect(host: "127.0.0.1", port: port).get()
                    do {
                        var rest = stream.framed
                        while rest.readableBytes > 0, let piece = rest.readSlice(length: min(rest.readableBytes, 1 << 20)) {
                            try await channel.writeAndFlush(piece).get()
                        }
                    } catch {
                        try? await channel.close().get()
                        throw error
                    }
                    try await channel.close().get()
                }
            }
            try await group.waitForAll()
        }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// A port the kernel just handed out on 127.0.0.1 (closed again, so a child process can bind it).
    static func freeLoopbackPort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        guard port > 0 else { throw Failure(description: "could not find a free loopback port") }
        return port
    }

    static func waitUntilAccepting(port: Int, deadline: ContinuousClock.Instant) async throws {
        while true {
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: port).get()
                try await channel.close()
                return
            } catch {
                guard ContinuousClock.now < deadline else { throw Failure(description: "rsyslogd did not accept on 127.0.0.1:\(port): \(error)") }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
