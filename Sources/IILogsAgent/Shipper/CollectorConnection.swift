public import IILogsCore
public import NIOCore
import NIOPosix

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
    let eventLoopGroup: any EventLoopGroup

    /// Creates a connector using NIO's shared event loop group unless one is given.
    public init(host: String, port: Int, connectTimeout: Duration = .seconds(5), limits: WireLimits = WireLimits(),
                eventLoopGroup: (any EventLoopGroup)? = nil) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.limits = limits
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
    }

    /// One open connection.
    typealias Channel = NIOAsyncChannel<WireMessage, ByteBuffer>

    func connect() async throws -> Channel {
        let limits = self.limits
        return try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.nanoseconds(connectTimeout.totalNanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireMessageDecoder(limits: limits)))
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
    }
}
