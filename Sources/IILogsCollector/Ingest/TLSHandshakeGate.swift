import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Sits right after the TLS handler of an agent (or syslog-over-TLS) connection: a connection whose TLS handshake fails (a
/// plain-TCP client, a client that does not trust our certificate, an agent without the required client
/// certificate) is counted as refused with reason ``reason``, logged once, and closed.
///
/// Nothing is written to such a peer on the iilogs protocol: it never had a secure channel to read it on.
/// The TLS handler has already answered with an alert where TLS allows one.
final class TLSHandshakeGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The `reason` label of refusals counted here.
    static let reason = "tls_handshake"

    private let counters: CollectorCounters
    private let logger: Logger
    /// Names the listener in the log line: `agent`, `syslog TLS`.
    private let listener: String
    private var handshakeDone = false
    private var refused = false

    init(counters: CollectorCounters, logger: Logger, listener: String = "agent") {
        self.counters = counters
        self.logger = logger
        self.listener = listener
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { handshakeDone = true }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !handshakeDone else {
            context.fireErrorCaught(error)
            return
        }
        if !refused {
            refused = true
            counters.refused(reason: Self.reason)
            logger.warning("\(listener) connection refused: TLS handshake failed", metadata: [
                "reason": "\(Self.reason)", "peer": "\(context.channel.remoteAddress?.description ?? "?")", "error": "\(error)",
            ])
        }
        context.close(promise: nil)
    }
}
