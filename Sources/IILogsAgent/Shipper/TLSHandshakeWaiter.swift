import IILogsCore
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
        guard done else {
            finish(.failure(CollectorTLSError(peer: peer, kind: CollectorTLSError.Kind(error))))
            context.fireErrorCaught(error)
            return
        }
        // With TLS 1.3 the collector judges our certificate after our side of the handshake completed: its
        // verdict arrives as an alert on the open connection. Name it for the shipper's log.
        let text = "\(error)"
        if text.containsBytes(of: "TLSV1_ALERT") || text.containsBytes(of: "TLSV1_CERTIFICATE_REQUIRED") {
            context.fireErrorCaught(CollectorTLSError(peer: peer, kind: .refusedByCollector(text)))
        } else {
            context.fireErrorCaught(error)
        }
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
        /// The collector ended the TLS session with an alert after the handshake (e.g. it requires a client certificate).
        case refusedByCollector(String)
        case timedOut(TimeAmount)
        case closed

        init(_ error: any Error) {
            let text = "\(error)"
            if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
                self = .certificateNotVerified(text)
            } else if text.containsBytes(of: "CERTIFICATE_VERIFY_FAILED") {
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
        case .refusedByCollector(let detail) where detail.containsBytes(of: "CERTIFICATE_REQUIRED"):
            "the collector at \(peer) requires a client certificate (--tls-cert-file, --tls-key-file): \(detail)"
        case .refusedByCollector(let detail):
            "the collector at \(peer) ended the TLS session (check the client certificate): \(detail)"
        case .timedOut(let timeout):
            "TLS handshake with the collector at \(peer) took longer than \(timeout.nanoseconds / 1_000_000)ms"
        case .closed:
            "the collector at \(peer) closed the connection during the TLS handshake"
        }
    }
}
