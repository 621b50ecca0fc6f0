import IILogsCore
public import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client for metadata endpoints: one request per connection (`Connection: close`),
/// a whole exchange bounded by a timeout, the body bounded by ``maxBodyBytes``.
public struct MetadataHTTPClient: Sendable {
    /// One reply.
    public struct Response: Sendable, Hashable {
        /// HTTP status code.
        public var status: Int
        /// The body, at most ``MetadataHTTPClient/maxBodyBytes`` (longer replies fail).
        public var body: [UInt8]

        /// Creates a response.
        public init(status: Int, body: [UInt8]) {
            self.status = status
            self.body = body
        }
    }

    /// Why an exchange failed (the endpoint answered nothing usable).
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The reply ended before a status line.
        case noResponse(String)
        /// The body was longer than the limit.
        case bodyTooLarge(limit: Int)

        public var description: String {
            switch self {
            case .noResponse(let url): "\(url): the connection closed (or timed out) before a complete reply"
            case .bodyTooLarge(let limit): "reply body too big; mustn't exceed \(limit) bytes"
            }
        }
    }

    /// Largest reply body read.
    public static let maxBodyBytes = 64 << 10

    /// Bound on connect, send and read together.
    public var timeout: Duration
    let eventLoopGroup: any EventLoopGroup

    /// A client on NIO's shared event loop group unless one is given.
    public init(timeout: Duration, eventLoopGroup: (any EventLoopGroup)? = nil) {
        self.timeout = timeout
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
    }

    /// Sends `method` to `url` with `headers` (and an empty body); returns the status and body.
    public func send(_ method: String, to url: MetadataURL, headers: [(String, String)] = []) async throws -> Response {
        typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.nanoseconds(timeout.totalNanoseconds))
            .connect(host: url.host, port: url.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
        // The whole exchange is bounded: closing the channel ends the read loop below.
        let deadline = channel.channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.totalNanoseconds)) {
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: url.path)
        head.headers.add(name: "Host", value: url.hostHeader)
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Content-Length", value: "0")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        return try await channel.executeThenClose { inbound, outbound in
            // Head and end in one flush: an endpoint may answer (and close) as soon as it has the head,
            // and a second write would then fail although the reply is already on its way.
            var writeFailure: (any Error)?
            do {
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            } catch {
                writeFailure = error  // the reply may still be readable; reported only when it is not
            }
            var status: Int?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let response):
                    status = Int(response.status.code)
                case .body(let buffer):
                    guard body.count + buffer.readableBytes <= Self.maxBodyBytes else { throw Failure.bodyTooLarge(limit: Self.maxBodyBytes) }
                    body += buffer.readableBytesView
                case .end:
                    guard let status else { throw writeFailure ?? Failure.noResponse(url.description) }
                    return Response(status: status, body: body)
                }
            }
            throw writeFailure ?? Failure.noResponse(url.description)
        }
    }
}
