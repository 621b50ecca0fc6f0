public import IILogsCore
public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle

/// Listens for syslog over UDP and/or TCP: a `Service`.
///
/// UDP: one datagram is one message. TCP: RFC 6587 framing (octet counting or LF-delimited, per
/// message) with ``SyslogFramingDecoder``; one child task per connection in a discarding task group;
/// at most ``maxConnections`` at once (more are closed at once and counted); a connection whose stream
/// cannot be framed is closed and counted. Unparseable messages are kept as raw text and counted.
/// Graceful shutdown stops accepting and closes open connections (syslog senders reconnect).
public struct SyslogNetworkSource: Service {
    /// Default ``maxMessageBytes``: 64 KiB.
    public static let defaultMaxMessageBytes = 64 * 1024
    /// Default ``maxConnections``.
    public static let defaultMaxConnections = 64

    /// Where to listen for UDP, nil for none.
    public let udp: HostAndPort?
    /// Where to listen for TCP, nil for none.
    public let tcp: HostAndPort?
    public let maxMessageBytes: Int
    public let maxConnections: Int
    /// Counters and bound ports.
    public let stats: SyslogInputStats
    let sink: any RecordSink
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup

    public init(udp: HostAndPort?, tcp: HostAndPort?, maxMessageBytes: Int = Self.defaultMaxMessageBytes,
                maxConnections: Int = Self.defaultMaxConnections, sink: any RecordSink, logger: Logger,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, stats: SyslogInputStats = SyslogInputStats()) {
        self.udp = udp
        self.tcp = tcp
        self.maxMessageBytes = max(1, maxMessageBytes)
        self.maxConnections = max(1, maxConnections)
        self.sink = sink
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.stats = stats
    }

    var builder: SyslogRecordBuilder { SyslogRecordBuilder(maxMessageBytes: maxMessageBytes, stats: stats) }

    /// Binds the configured listeners and serves until cancelled or graceful shutdown; a bind failure throws.
    /// Cancellation ends it normally.
    public func run() async throws {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let udp { group.addTask { try await runUDP(udp) } }
                if let tcp { group.addTask { try await runTCP(tcp) } }
                try await group.waitForAll()
            }
        } catch is CancellationError {
            return
        }
    }

    private func runUDP(_ endpoint: HostAndPort) async throws {
        let channel = try await DatagramBootstrap(group: eventLoopGroup)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(
                capacity: SyslogDatagramReceiver.receiveBufferBytes(maxMessageBytes: maxMessageBytes)))
            .bind(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try SyslogDatagramReceiver.DatagramChannel(wrappingChannelSynchronously: channel)
                }
            }
        let port = channel.channel.localAddress?.port
        stats.update { $0.udpPort = port }
        logger.info("listening for syslog over UDP", metadata: ["address": "\(endpoint.host):\(port ?? endpoint.port)"])
        try await SyslogDatagramReceiver(builder: builder, sink: sink).receive(on: channel)
    }
}
