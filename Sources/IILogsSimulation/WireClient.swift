public import IILogsCore
import NIOCore
import NIOPosix

/// A bare wire-protocol client: hello, then batches pipelined up to a window, counting acks.
///
/// The benchmark uses it to drive the collector's real TCP ingest without an agent's spool in the way.
public struct WireClient: Sendable {
    /// The collector's address, resolved once. `connect(host:port:)` resolves on every connection (getaddrinfo on a
    /// thread of its own, then a happy-eyeballs race): with one connection per simulated instance that load
    /// generator's work took ~6 % of the samples of the benchmark's process, CPU the collector under test shares.
    let address: SocketAddress
    /// Batches sent before waiting for acks.
    public var window: Int

    /// Resolves `host` once; throws when it does not resolve.
    public init(host: String, port: Int, window: Int = 16) throws {
        self.address = try SocketAddress.makeAddressResolvingHost(host, port: port)
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
            .connect(to: address) { channel in
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
