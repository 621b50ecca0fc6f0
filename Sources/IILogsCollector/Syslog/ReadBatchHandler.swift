import NIOCore

/// Passes on every message decoded during one socket read as one array, at `channelReadComplete` (and
/// what is left when the channel goes inactive), so the async reader and the actors behind it are entered
/// once per read rather than once per line. Adds no delay: a read's messages leave as soon as it ends.
final class ReadBatchHandler<Message>: ChannelInboundHandler {
    typealias InboundIn = Message
    typealias InboundOut = [Message]

    private var pending: [Message] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        flush(context)
        context.fireChannelInactive()
    }

    private func flush(_ context: ChannelHandlerContext) {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        context.fireChannelRead(wrapInboundOut(batch))
    }
}
