public import IILogsCore
public import NIOCore
import NIOPosix
public import NIOSSL

/// Opens TCP connections to a collector: frames in are decoded into ``WireMessage``s, frames out are
/// raw bytes (spooled batches are already wire frames; hello and ping are encoded with ``WireCodec``).
public struct CollectorConnector: Sendable {
    /// Collector host name or address.
    public var host: String
    /// Collector port.
    public var port: Int
    /// Longest wait for the TCP connection.
    public var connectTimeout: Duration
    /// Limits on frames the collector sends.
    public var limits: WireLimits
    /// TLS to the collector; nil = plain TCP.
    public var tls: TLS?
    let eventLoopGroup: any EventLoopGroup

    /// What a TLS connection needs: a context (trust roots, client certificate) and the name to verify.
    public struct TLS: Sendable {
        public var context: NIOSSLContext
        /// Sent as SNI and checked against the certificate; nil = check the peer's IP address.
        public var serverName: String?

        public init(context: NIOSSLContext, serverName: String?) {
            self.context = context
            self.serverName = serverName
        }
    }

    /// Creates a connector using NIO's shared event loop group unless one is given.
    public init(host: String, port: Int, connectTimeout: Duration = .seconds(5), limits: WireLimits = WireLimits(),
                eventLoopGroup: (any EventLoopGroup)? = nil, tls: TLS? = nil) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.limits = limits
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        self.tls = tls
    }

    /// One open connection.
    typealias Channel = NIOAsyncChannel<WireMessage, ByteBuffer>

    /// A connected channel; with ``tls``, only once the handshake succeeded (else ``CollectorTLSError``).
    func connect() async throws -> Channel {
        let limits = self.limits
        let tls = self.tls
        let timeout = TimeAmount.nanoseconds(connectTimeout.totalNanoseconds)
        let peer = "\(host):\(port)"
        let (channel, handshake) = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    var handshake: EventLoopFuture<Void>?
                    if let tls {
                        let promise = channel.eventLoop.makePromise(of: Void.self)
                        try sync.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverName))
                        try sync.addHandler(TLSHandshakeWaiter(promise: promise, timeout: timeout, peer: peer))
                        handshake = promise.futureResult
                    }
                    try sync.addHandler(ByteToMessageHandler(WireMessageDecoder(limits: limits)))
                    return (try Channel(wrappingChannelSynchronously: channel), handshake)
                }
            }
        if let handshake {
            do {
                try await handshake.get()
            } catch {
                try? await channel.channel.close()
                throw error
            }
        }
        return channel
    }
}
