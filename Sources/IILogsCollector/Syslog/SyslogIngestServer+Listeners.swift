import IILogsCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

extension SyslogIngestServer {
    /// An accepted connection with its sender's address, read at accept time: a sender that writes and
    /// closes at once may be gone (and its address cleared) before the connection's task first runs.
    struct TCPConnection: Sendable {
        /// The frames of each socket read together (``SyslogFrameBatchDecoder``).
        var channel: NIOAsyncChannel<[SyslogFrame], Never>
        var peer: String
    }

    /// The two stream listeners: plain TCP (`syslogTCPListen`) and TLS (`syslogTLSListen`).
    enum StreamKind: Sendable {
        case plain, tls

        var name: String { self == .tls ? "TLS" : "TCP" }

        func listen(_ settings: CollectorSettings) -> HostAndPort? {
            self == .tls ? settings.syslogTLSListen : settings.syslogTCPListen
        }
    }

    /// A bound stream listener and its kind.
    struct StreamListener: Sendable {
        var kind: StreamKind
        var channel: NIOAsyncChannel<TCPConnection, Never>
    }

    /// Seconds on a monotonic clock, for the rate limiter.
    static func monotonicSeconds() -> Double {
        let uptime = ContinuousClock.now - clockOrigin
        return Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
    }

    private static let clockOrigin = ContinuousClock.now

    /// Binds the `kind` listener when configured; closes `others` (already bound) when it cannot.
    func bindTCP(_ kind: StreamKind, closingOnFailure others: [any Channel] = []) async throws -> StreamListener? {
        guard let listen = kind.listen(settings) else { return nil }
        let maxBytes = settings.syslogMaxMessageBytes
        let counters = counters
        let logger = logger
        do {
            let tls: NIOSSLContext?
            if kind == .tls {
                guard let tlsSettings = settings.tls else {
                    throw SettingsError(key: "syslogTLSListen", problem: "needs a certificate: set --tls-cert-file and --tls-key-file")
                }
                tls = try NIOSSLContext(configuration: tlsSettings.agentListenerConfiguration())
            } else {
                tls = nil
            }
            let channel = try await ServerBootstrap(group: eventLoopGroup)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: listen.host, port: listen.port) { child in
                    child.eventLoop.makeCompletedFuture {
                        let sync = child.pipeline.syncOperations
                        if let tls {
                            try sync.addHandler(NIOSSLServerHandler(context: tls))
                            try sync.addHandler(TLSHandshakeGate(counters: counters, logger: logger, listener: "syslog TLS"))
                        }
                        try sync.addHandler(ByteToMessageHandler(SyslogFrameBatchDecoder(maxMessageBytes: maxBytes)))
                        return TCPConnection(channel: try NIOAsyncChannel(wrappingChannelSynchronously: child),
                                             peer: child.remoteAddress?.ipAddress ?? "")
                    }
                }
            let address = AgentIngestServer.hostAndPort(channel.channel.localAddress, fallback: listen)
            _ = register(channel.channel)
            bound(kind, address)
            logger.info("listening for syslog over \(kind.name)", metadata: [
                "address": "\(address)",
                "tls": "\(kind == .tls ? AgentIngestServer.tlsMode(settings.tls) : "off")",
                "max_records_per_second_per_sender": "\(settings.syslogMaxRecordsPerSecondPerSender.map(String.init) ?? "off")",
            ])
            return StreamListener(kind: kind, channel: channel)
        } catch {
            for other in others { try? await other.close() }
            let failure = IngestServerError(message: "cannot listen for syslog over \(kind.name) on \(listen): \(error)")
            fail(kind, failure)
            throw failure
        }
    }

    func acceptTCP(_ server: StreamListener) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.channel.executeThenClose { inbound in
                for try await connection in inbound {
                    guard tcpConnectionOpened() else {
                        logger.warning("syslog \(server.kind.name) connection refused: syslogMaxConnections \(settings.syslogMaxConnections) reached")
                        try? await connection.channel.channel.close()
                        continue
                    }
                    group.addTask { await self.serveTCP(connection) }
                }
            }
        }
        unregister(server.channel.channel)
    }

    /// Serves one connection on its own task (not the server's actor): frames are parsed here, in parallel
    /// with other connections, and handed to the writer once per socket read.
    private nonisolated func serveTCP(_ connection: TCPConnection) async {
        guard await register(connection.channel.channel) else {
            await tcpConnectionClosed()
            return
        }
        let peer = connection.peer
        let sdID = settings.syslogIdentitySDID
        var senders: Set<InstanceIdentity> = []
        do {
            try await connection.channel.executeThenClose { inbound in
                for try await frames in inbound {
                    await throttle(records: frames.count, sender: peer)
                    var entries: [(entry: SyslogEntry, truncated: Bool)] = []
                    entries.reserveCapacity(frames.count)
                    let now = Timestamp.now()
                    for framed in frames {
                        let entry = SyslogEntry.make(bytes: framed.bytes.readableBytesView, truncated: framed.truncated, peer: peer,
                                                     identitySDID: sdID, imageRules: settings.syslogImageRules, receivedAt: now)
                        // A connection usually carries one sender: skip hashing a repeat of the previous line's.
                        if entry.identity != entries.last?.entry.identity { senders.insert(entry.identity) }
                        entries.append((entry, framed.truncated))
                    }
                    await writer.add(entries)
                }
            }
        } catch {
            logger.debug("syslog TCP connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        await unregister(connection.channel.channel)
        await writer.flush(senders)
        await tcpConnectionClosed()
    }

    /// Waits while `sender` is over its records-per-second limit. The connection reads nothing meanwhile:
    /// once NIO's inbound buffer is full it stops reading, the socket's window fills and the sender blocks.
    /// The wait ends early on graceful shutdown; the read's lines are then stored like any others.
    private nonisolated func throttle(records: Int, sender: String) async {
        guard let rateLimiter else { return }
        let delay = rateLimiter.delay(instanceID: sender, records: records, now: Self.monotonicSeconds())
        guard delay > .zero else { return }
        counters.syslogReadThrottled(for: delay)
        logger.debug("syslog sender over its records-per-second limit; pausing its connection",
                     metadata: ["peer": "\(sender)", "records": "\(records)", "delay": "\(delay)"])
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
    }
}
