import IILogsCore
import NIOCore

/// Surfaces a connection's deadlines to its ``AgentSession`` as errors on the inbound stream.
///
/// Sits after the wire decoder. Until the first frame arrives the hello deadline runs (not extended by
/// stray bytes, so a slow trickle cannot hold a connection); after it, each frame restarts the idle
/// deadline. When one passes, ``SessionTimeout`` is fired down the pipeline: the session answers with a
/// `timeout` refusal and closes.
final class SessionControlHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WireMessage
    typealias InboundOut = WireMessage

    private let helloTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var sawFrame = false

    init(helloTimeout: Duration, idleTimeout: Duration) {
        self.helloTimeout = .nanoseconds(helloTimeout.totalNanoseconds)
        self.idleTimeout = .nanoseconds(idleTimeout.totalNanoseconds)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        schedule(after: helloTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        sawFrame = true
        schedule(after: idleTimeout, context: context)
        context.fireChannelRead(data)
    }

    private func schedule(after timeout: TimeAmount, context: ChannelHandlerContext) {
        deadline?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.fireErrorCaught(SessionTimeout())
        }
    }
}

/// A connection's hello or idle deadline passed.
struct SessionTimeout: Error, Sendable {}

/// The collector is shutting down gracefully; the session refuses with `shuttingDown` after its current batch.
struct SessionShutdown: Error, Sendable {}

/// Counts bytes read from an agent socket; sits before the decoder.
final class ByteCountingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let counters: CollectorCounters

    init(counters: CollectorCounters) {
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        counters.received(bytes: unwrapInboundIn(data).readableBytes)
        context.fireChannelRead(data)
    }
}
