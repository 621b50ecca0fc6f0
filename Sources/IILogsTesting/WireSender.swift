public import IILogsCore
import NIOCore
import NIOPosix

/// Speaks the agent protocol to a collector for end-to-end tests that need records no agent input produces
/// (metric samples with chosen values, hostile batches): sends hello and batches, returns every reply.
public enum WireSender {
    /// Connects to `host:port`, writes `hello` then `batches`, and returns up to `1 + batches.count` replies
    /// (fewer if the collector closes first).
    public static func exchange(host: String, port: Int, hello: Hello, batches: [Batch]) async throws -> [WireMessage] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WireMessageEncoder()))
                    return try NIOAsyncChannel<WireMessage, WireMessage>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.hello(hello))
            for batch in batches { try await outbound.write(.batch(batch)) }
            var replies: [WireMessage] = []
            for try await reply in inbound {
                if case .ping = reply { continue }
                replies.append(reply)
                if replies.count == batches.count + 1 { break }
            }
            return replies
        }
    }
}
