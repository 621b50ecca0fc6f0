public import IILogsCore
import NIOCore
import NIOPosix

/// A bare wire-protocol client: hello, then batches pipelined up to a window, counting acks.
///
/// The benchmark uses it to drive the collector's real TCP ingest without an agent's spool in the way.
public struct WireClient: Sendable {
    public var host: String
    public var port: Int
    /// Batches sent before waiting for acks.
    public var window: Int

    public init(host: String, port: Int, window: Int = 16) {
        self.host = host
        self.port = port
        self.window = window
    }

    public struct Refused: Error, CustomStringConvertible {
        public var refusal: Refusal
        public var description: String { "collector refused: \(refusal)" }
    }

    public struct UnexpectedReply: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends `hello`, then every batch; returns once each is acknowledged.
    public func send(hello: Hello, batches: [Batch]) async throws {
        let window = self.window
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireMessageDecoder(limits: WireLimits(maxFrameBytes: 1 << 30))))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WireMessageEncoder()))
                    return try NIOAsyncChannel<WireMessage, WireMessage>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            try await outbound.write(.hello(hello))
            switch try await replies.next() {
            case .welcome: break
            case .refuse(let refusal): throw Refused(refusal: refusal)
            case let other: throw UnexpectedReply(description: "expected welcome, got \(String(describing: other))")
            }
            var next = 0
            var acked = 0
            while acked < batches.count {
                while next < batches.count && next - acked < window {
                    try await outbound.write(.batch(batches[next]))
                    next += 1
                }
                switch try await replies.next() {
                case .ack: acked += 1
                case .ping: continue
                case .refuse(let refusal): throw Refused(refusal: refusal)
                case let other: throw UnexpectedReply(description: "expected ack, got \(String(describing: other))")
                }
            }
        }
    }
}
