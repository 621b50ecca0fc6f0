public import NIOCore
import NIOSSL
import NIOTLS

/// Completes `promise` when the TLS handshake with the collector succeeds, fails it with
/// ``CollectorTLSError`` when it fails or takes longer than `timeout`. Sits right after the TLS handler,
/// so ``CollectorConnector/connect()`` returns only secure connections.
final class TLSHandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private let timeout: TimeAmount
    private let peer: String
    private var deadline: Scheduled<Void>?
    private var done = false

    init(promise: EventLoopPromise<Void>, timeout: TimeAmount, peer: String) {
        self.promise = promise
        self.timeout = timeout
        self.peer = peer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) { [peer, timeout] in
            loopBound.value.finish(.failure(CollectorTLSError(peer: peer, kind: .timedOut(timeout))))
            contextBound.value.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { finish(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done { finish(.failure(CollectorTLSError(peer: peer, kind: CollectorTLSError.Kind(error)))) }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done { finish(.failure(CollectorTLSError(peer: peer, kind: .closed))) }
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<Void, any Error>) {
        guard !done else { return }
        done = true
        deadline?.cancel()
        promise.completeWith(result)
    }
}

/// The TLS handshake with the collector failed: nothing was sent on that connection.
public struct CollectorTLSError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The collector's certificate does not chain to the trusted CA or does not carry the expected name.
        case certificateNotVerified(String)
        /// Another handshake failure (protocol mismatch, the collector refused our certificate, a plain-TCP peer).
        case handshakeFailed(String)
        case timedOut(TimeAmount)
        case closed

        init(_ error: any Error) {
            let text = "\(error)"
            if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
                self = .certificateNotVerified(text)
            } else if text.contains("CERTIFICATE_VERIFY_FAILED") {
                self = .certificateNotVerified(text)
            } else {
                self = .handshakeFailed(text)
            }
        }
    }

    /// `HOST:PORT` of the collector.
    public var peer: String
    public var kind: Kind

    /// True when the collector's certificate did not verify (as opposed to another handshake failure).
    public var isCertificateFailure: Bool {
        if case .certificateNotVerified = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .certificateNotVerified(let detail):
            "the collector's certificate at \(peer) did not verify (check --tls-ca-file and --tls-server-name): \(detail)"
        case .handshakeFailed(let detail):
            "TLS handshake with the collector at \(peer) failed: \(detail)"
        case .timedOut(let timeout):
            "TLS handshake with the collector at \(peer) took longer than \(timeout.nanoseconds / 1_000_000)ms"
        case .closed:
            "the collector at \(peer) closed the connection during the TLS handshake"
        }
    }
}
