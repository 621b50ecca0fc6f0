import IILogsAgent
import NIOCore
import NIOPosix
import Testing

/// The metadata client against endpoints that do not wait politely for the whole request.
@Suite struct MetadataHTTPClientTests {
    /// A server that writes `reply` and closes on the first bytes it reads, as metadata endpoints may
    /// for a request without a body: a request sent in two writes can meet a closed socket on the second
    /// although the reply is already there.
    final class EagerReplyHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let reply: String
        init(reply: String) { self.reply = reply }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard context.channel.isActive else { return }
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    func eagerServer(reply: String) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EagerReplyHandler(reply: reply)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    @Test func aReplySentBeforeTheRequestWasReadIsStillRead() async throws {
        let server = try await eagerServer(reply: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nTRUE\n")
        let url = try #require(MetadataURL(parsing: "http://127.0.0.1:\(server.localAddress?.port ?? 0)/computeMetadata/v1/instance/preempted"))
        let client = MetadataHTTPClient(timeout: .seconds(5))
        // Whether the close beats a second write is a race; every round must read the reply.
        for _ in 0..<200 {
            let reply = try await client.send("GET", to: url)
            #expect(reply == MetadataHTTPClient.Response(status: 200, body: Array("TRUE\n".utf8)))
        }
        try await server.close()
    }

    @Test func aServerThatClosesWithoutAReplyIsAnError() async throws {
        let server = try await eagerServer(reply: "")
        let url = try #require(MetadataURL(parsing: "http://127.0.0.1:\(server.localAddress?.port ?? 0)/latest/meta-data/spot/instance-action"))
        await #expect(throws: (any Error).self) { try await MetadataHTTPClient(timeout: .seconds(5)).send("GET", to: url) }
        try await server.close()
    }
}
