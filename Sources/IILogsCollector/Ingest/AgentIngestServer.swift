public import IILogsCore
public import IILogsStore
public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL
public import ServiceLifecycle

/// Accepts agents on the iilogs wire protocol: one ``AgentSession`` per connection, in a discarding task group.
///
/// On graceful shutdown it stops accepting, then asks every session to finish the batch it is storing
/// and refuse with `shuttingDown`; `run()` returns once the last session ended.
public actor AgentIngestServer: Service {
    private enum State {
        case initial
        case listening(serverChannel: any Channel)
        case shuttingDown
        case stopped
    }

    private var state: State = .initial
    private var connections: [ObjectIdentifier: any Channel] = [:]
    /// Open connections per source IP address (``CollectorSettings/maxConnectionsPerAddress``).
    private var connectionsPerAddress: [String: Int] = [:]
    private let settings: CollectorSettings
    private let store: any LogStore
    private let counters: CollectorCounters
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let bound = AsyncPromise<HostAndPort>()
    private let evaluator: RuleEvaluator?
    private let rateLimiter: IngestRateLimiter?

    /// A server for `settings.agentListen`; nothing is bound until `run()`.
    public init(settings: CollectorSettings, store: any LogStore, counters: CollectorCounters, logger: Logger,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, evaluator: RuleEvaluator? = nil) {
        self.settings = settings
        self.evaluator = evaluator
        self.rateLimiter = settings.maxRecordsPerSecondPerInstance.map { IngestRateLimiter(recordsPerSecond: $0, burst: settings.recordsBurst) }
        self.store = store
        self.counters = counters
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
    }

    /// The address actually bound (port 0 resolved); throws if the server failed to start or stopped first.
    public nonisolated func address() async throws -> HostAndPort {
        try await bound.value()
    }

    /// Binds, serves until graceful shutdown or cancellation, then waits for sessions to end.
    public func run() async throws {
        guard case .initial = state else { throw IngestServerError(message: "AgentIngestServer.run() called twice") }
        let serverChannel: NIOAsyncChannel<NIOAsyncChannel<WireMessage, WireMessage>, Never>
        do {
            serverChannel = try await bind(tls: settings.tls.map { try NIOSSLContext(configuration: $0.agentListenerConfiguration()) })
        } catch {
            state = .stopped
            let failure = IngestServerError(message: "cannot listen for agents on \(settings.agentListen): \(error)")
            bound.fail(failure)
            throw failure
        }
        let address = Self.hostAndPort(serverChannel.channel.localAddress, fallback: settings.agentListen)
        state = .listening(serverChannel: serverChannel.channel)
        bound.succeed(address)
        logger.info("listening for agents", metadata: ["address": "\(address)", "tls": "\(Self.tlsMode(settings.tls))"])
        if !settings.requiresToken && !settings.agentListen.isLoopback {
            logger.warning("no fleet token configured: any host that reaches \(address) can write logs; set --token")
        }
        defer { state = .stopped }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await serverChannel.executeThenClose { inbound in
                    for try await connection in inbound {
                        let address = connection.channel.remoteAddress?.ipAddress ?? "?"
                        let fromAddress = connectionsPerAddress[address, default: 0]
                        let overLimit: ConnectionLimitExceeded? = counters.currentConnections >= settings.maxConnections
                            ? .total(limit: settings.maxConnections)
                            : fromAddress >= settings.maxConnectionsPerAddress
                                ? .perAddress(limit: settings.maxConnectionsPerAddress, address: address) : nil
                        connectionsPerAddress[address] = fromAddress + 1
                        counters.connectionOpened()
                        group.addTask { await self.serve(connection, address: address, overLimit: overLimit) }
                    }
                }
            }
        } onGracefulShutdown: {
            Task { await self.beginShutdown() }
        }
        logger.info("agent listener stopped")
    }

    private func serve(_ connection: NIOAsyncChannel<WireMessage, WireMessage>, address: String, overLimit: ConnectionLimitExceeded?) async {
        defer {
            counters.connectionClosed()
            let remaining = connectionsPerAddress[address, default: 1] - 1
            connectionsPerAddress[address] = remaining > 0 ? remaining : nil
        }
        let id = ObjectIdentifier(connection.channel)
        if case .listening = state {
            connections[id] = connection.channel
        } else {
            connection.channel.pipeline.fireErrorCaught(SessionShutdown())
        }
        let session = AgentSession(channel: connection, store: store, configuration: .init(settings: settings),
                                   counters: counters, logger: logger, evaluator: evaluator,
                                   rateLimiter: rateLimiter, collectorID: settings.collectorID)
        await session.run(overLimit: overLimit)
        connections[id] = nil
    }

    private func beginShutdown() {
        guard case .listening(let serverChannel) = state else { return }
        state = .shuttingDown
        logger.info("agent listener shutting down", metadata: ["connections": "\(connections.count)"])
        serverChannel.close(promise: nil)
        for channel in connections.values {
            channel.pipeline.fireErrorCaught(SessionShutdown())
        }
    }

    private func bind(tls: NIOSSLContext?) async throws -> NIOAsyncChannel<NIOAsyncChannel<WireMessage, WireMessage>, Never> {
        let settings = settings
        let counters = counters
        let logger = logger
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: settings.agentListen.host, port: settings.agentListen.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(ByteCountingHandler(counters: counters))
                    if let tls {
                        try sync.addHandler(NIOSSLServerHandler(context: tls))
                        try sync.addHandler(TLSHandshakeGate(counters: counters, logger: logger))
                    }
                    try sync.addHandler(ByteToMessageHandler(WireMessageDecoder(limits: settings.wireLimits)))
                    try sync.addHandler(MessageToByteHandler(WireMessageEncoder()))
                    try sync.addHandler(SessionControlHandler(helloTimeout: settings.helloTimeout, idleTimeout: settings.idleTimeout))
                    return try NIOAsyncChannel<WireMessage, WireMessage>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// `off`, `on`, or `on, client certificates required` for the start-up line.
    static func tlsMode(_ tls: TLSServerSettings?) -> String {
        guard let tls else { return "off" }
        return tls.requiresClientCertificates ? "on, client certificates required" : "on"
    }

    static func hostAndPort(_ address: SocketAddress?, fallback: HostAndPort) -> HostAndPort {
        guard let address, let port = address.port else { return fallback }
        return HostAndPort(host: address.ipAddress ?? fallback.host, port: port)
    }
}

/// The agent listener could not start or was misused.
public struct IngestServerError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
