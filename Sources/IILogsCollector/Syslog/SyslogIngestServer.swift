public import IILogsCore
public import IILogsStore
public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle

/// Plain-syslog listeners (TCP, TLS and/or UDP, as configured) feeding a ``SyslogBlockWriter``.
///
/// TCP: RFC 6587 octet counting or LF framing, detected per message; connections beyond
/// ``CollectorSettings/syslogMaxConnections`` (TCP and TLS together) are closed at once. TLS (RFC 5425):
/// the same framing inside TLS with the collector's certificate; a failed handshake (a plain client) is
/// refused and counted as `tls_handshake`. UDP: one message per datagram.
///
/// Each sender (source IP address) may send ``CollectorSettings/syslogMaxRecordsPerSecondPerSender``
/// records per second on average (one ``IngestRateLimiter`` for every listener): above it a TCP or TLS
/// connection's reads pause, so the sender is slowed down and nothing is dropped; UDP datagrams above it
/// are dropped and counted as refused with reason ``udpRateLimitReason``.
/// A connection's pending lines are stored when it closes; on graceful shutdown the listeners close,
/// open connections are closed, and everything pending is stored before `run()` returns.
public actor SyslogIngestServer: Service {
    /// Tick of the flush loop: a line waits at most ``SyslogBatchAccumulator/maxAge`` plus this.
    public static let flushTick = Duration.milliseconds(200)
    /// The `reason` label of UDP datagrams dropped over the sender's records-per-second limit.
    public static let udpRateLimitReason = "syslog_rate_limit"
    /// At most one log line per this interval about UDP datagrams dropped over the limit (with their count).
    public static let dropLogInterval = Duration.seconds(10)

    let settings: CollectorSettings
    let writer: SyslogBlockWriter
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    let counters: CollectorCounters
    /// Records per second per sender address; nil when `syslogMaxRecordsPerSecondPerSender` is off.
    let rateLimiter: IngestRateLimiter?
    private let tcpBound = AsyncPromise<HostAndPort>()
    private let tlsBound = AsyncPromise<HostAndPort>()
    private let udpBound = AsyncPromise<HostAndPort>()
    private var channels: [ObjectIdentifier: any Channel] = [:]
    private var tcpConnections = 0
    private var shuttingDown = false
    private var started = false

    /// A server for `settings.syslogTCPListen` / `syslogTLSListen` / `syslogUDPListen`; nothing is bound until `run()`.
    public init(settings: CollectorSettings, store: any LogStore, counters: CollectorCounters, logger: Logger,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, evaluator: RuleEvaluator? = nil) {
        self.settings = settings
        self.writer = SyslogBlockWriter(store: store, counters: counters, logger: logger, evaluator: evaluator,
                                        collectorID: settings.collectorID)
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.counters = counters
        self.rateLimiter = settings.syslogMaxRecordsPerSecondPerSender.map {
            IngestRateLimiter(recordsPerSecond: $0, burst: settings.syslogRecordsBurst)
        }
    }

    /// The bound TCP address (port 0 resolved); nil when TCP is not configured; throws if it failed or stopped first.
    public nonisolated func tcpAddress() async throws -> HostAndPort? {
        guard settings.syslogTCPListen != nil else { return nil }
        return try await tcpBound.value()
    }

    /// The bound TLS address (port 0 resolved); nil when TLS is not configured; throws if it failed or stopped first.
    public nonisolated func tlsAddress() async throws -> HostAndPort? {
        guard settings.syslogTLSListen != nil else { return nil }
        return try await tlsBound.value()
    }

    /// The bound UDP address (port 0 resolved); nil when UDP is not configured; throws if it failed or stopped first.
    public nonisolated func udpAddress() async throws -> HostAndPort? {
        guard settings.syslogUDPListen != nil else { return nil }
        return try await udpBound.value()
    }

    /// Binds, serves until graceful shutdown or cancellation, then stores everything pending.
    public func run() async throws {
        guard !started else { throw IngestServerError(message: "SyslogIngestServer.run() called twice") }
        started = true
        defer {
            let stopped = IngestServerError(message: "syslog listener stopped")
            tcpBound.fail(stopped)
            tlsBound.fail(stopped)
            udpBound.fail(stopped)
        }
        for warning in settings.syslogPlainTextWarnings { logger.warning("\(warning)") }
        let tcp = try await bindTCP(.plain)
        let tls = try await bindTCP(.tls, closingOnFailure: [tcp?.channel.channel].compactMap { $0 })
        let udp = try await bindUDP(closingOnFailure: [tcp?.channel.channel, tls?.channel.channel].compactMap { $0 })
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    for stream in [tcp, tls].compactMap({ $0 }) {
                        group.addTask { try await self.acceptTCP(stream) }
                    }
                    if let udp {
                        group.addTask { try await self.receiveUDP(udp) }
                    }
                    group.addTask { await self.flushLoop() }
                }
            } onGracefulShutdown: {
                Task { await self.beginShutdown() }
            }
        } catch {
            await writer.flushAll()
            throw error
        }
        await writer.flushAll()
        logger.info("syslog listeners stopped")
    }

    private func flushLoop() async {
        while !shuttingDown && !Task.isCancelled {
            try? await Task.sleep(for: Self.flushTick)
            await writer.flushDue()
        }
    }

    private func beginShutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        logger.info("syslog listeners shutting down", metadata: ["channels": "\(channels.count)"])
        for channel in channels.values { channel.close(promise: nil) }
    }

    func register(_ channel: any Channel) -> Bool {
        if shuttingDown {
            channel.close(promise: nil)
            return false
        }
        channels[ObjectIdentifier(channel)] = channel
        return true
    }

    func unregister(_ channel: any Channel) {
        channels[ObjectIdentifier(channel)] = nil
    }

    func tcpConnectionOpened() -> Bool {
        guard tcpConnections < settings.syslogMaxConnections else { return false }
        tcpConnections += 1
        return true
    }

    func tcpConnectionClosed() { tcpConnections -= 1 }

    func add(_ entry: SyslogEntry, truncated: Bool) async {
        await writer.add(entry, truncated: truncated)
    }

    func flush(_ identities: Set<InstanceIdentity>) async {
        await writer.flush(identities)
    }

    func bound(_ kind: StreamKind, _ address: HostAndPort) { (kind == .tls ? tlsBound : tcpBound).succeed(address) }
    func boundUDP(_ address: HostAndPort) { udpBound.succeed(address) }
    func fail(_ kind: StreamKind, _ error: any Error) { (kind == .tls ? tlsBound : tcpBound).fail(error) }
    func failUDP(_ error: any Error) { udpBound.fail(error) }
}
