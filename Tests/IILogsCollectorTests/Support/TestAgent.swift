import IILogsCollector
import IILogsCore
import NIOCore
import NIOPosix

/// An agent written for tests: a NIO client speaking the wire codec to a collector on 127.0.0.1.
struct TestAgent {
    let channel: NIOAsyncChannel<WireMessage, WireMessage>

    static func connect(to address: HostAndPort) async throws -> TestAgent {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WireMessageEncoder()))
                    return try NIOAsyncChannel<WireMessage, WireMessage>(wrappingChannelSynchronously: channel)
                }
            }
        return TestAgent(channel: channel)
    }

    /// Sends `messages` in order, then returns up to `replies` answers (fewer if the collector closes first).
    func exchange(_ messages: [WireMessage], replies: Int) async throws -> [WireMessage] {
        try await channel.executeThenClose { inbound, outbound in
            for m in messages { try await outbound.write(m) }
            var out: [WireMessage] = []
            guard replies > 0 else { return out }
            for try await reply in inbound {
                out.append(reply)
                if out.count == replies { break }
            }
            return out
        }
    }

    static func hello(_ identity: InstanceIdentity, token: String = "", streamID: UInt64 = 42) -> WireMessage {
        .hello(Hello(agentVersion: "test", token: token, identity: identity, streamID: streamID, lastAckedSequence: 0))
    }

    static func batch(_ instanceID: String, sequence: UInt64, messages: [String]) -> WireMessage {
        let records = messages.enumerated().map { i, m in
            LogRecord(time: Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + Int64(sequence) * 1000 + Int64(i)),
                      severity: .info, app: "test", message: m)
        }
        return .batch(Batch(instanceID: instanceID, sequence: sequence, logs: LogBlockCodec.encode(records)))
    }
}

/// A raw TCP client for bytes the codec would never produce.
struct RawClient {
    /// Sends `bytes`, then collects everything the server sends until it closes (bounded).
    static func send(_ bytes: [UInt8], to address: HostAndPort, readLimit: Int = 1 << 20) async throws -> [UInt8] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: bytes))
            var received: [UInt8] = []
            for try await chunk in inbound {
                received += chunk.readableBytesView
                if received.count >= readLimit { break }
            }
            return received
        }
    }

    /// Decodes every whole wire message in `bytes`.
    static func decode(_ bytes: [UInt8]) throws -> [WireMessage] {
        var buffer = ByteBuffer(bytes: bytes)
        var decoder = WireMessageDecoder()
        var out: [WireMessage] = []
        while let m = try decoder.decode(buffer: &buffer) { out.append(m) }
        return out
    }
}
