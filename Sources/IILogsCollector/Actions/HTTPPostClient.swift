import IILogsCore
public import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 POST client over SwiftNIO for webhooks: one connection per request
/// (`Connection: close`), a connect timeout and an overall request timeout, the response body read
/// and discarded beyond `maxResponseBytes`.
public struct HTTPPostClient: Sendable {
    /// Longest wait for the TCP connection.
    public var connectTimeout: Duration
    /// Longest wait for the whole exchange (connect included).
    public var requestTimeout: Duration
    /// Response body bytes kept (the rest is read and discarded).
    public var maxResponseBytes: Int

    public init(connectTimeout: Duration, requestTimeout: Duration, maxResponseBytes: Int = 4096) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// A response: status and the first `maxResponseBytes` of the body.
    public struct Response: Sendable {
        public var status: Int
        public var body: ByteBuffer
    }

    /// POSTs `body` to `url` with `headers`; throws `HTTPPostError` on connection failure or timeout.
    public func post(_ url: WebhookURL, body: ByteBuffer, headers extra: [(String, String)]) async throws(HTTPPostError) -> Response {
        let connectTimeout = TimeAmount.nanoseconds(self.connectTimeout.totalNanoseconds)
        let requestTimeout = self.requestTimeout
        let maxResponseBytes = self.maxResponseBytes
        do {
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask {
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connectTimeout(connectTimeout)
                        .connect(host: url.host, port: url.port) { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                            }
                        }
                    return try await channel.executeThenClose { inbound, outbound in
                        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: url.pathAndQuery)
                        let hostHeader = url.host.contains(":") ? "[\(url.host)]" : url.host
                        head.headers.add(name: "Host", value: url.port == 80 ? hostHeader : "\(hostHeader):\(url.port)")
                        head.headers.add(name: "Connection", value: "close")
                        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
                        for (name, value) in extra { head.headers.add(name: name, value: value) }
                        // One flush: a receiver may answer and close as soon as it has the head.
                        try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(body)), .end(nil)])
                        var status = 0
                        var collected = ByteBuffer()
                        for try await part in inbound {
                            switch part {
                            case .head(let responseHead):
                                status = Int(responseHead.status.code)
                            case .body(var chunk):
                                let room = max(0, maxResponseBytes - collected.readableBytes)
                                if room > 0, var kept = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                                    collected.writeBuffer(&kept)
                                }
                            case .end:
                                return Response(status: status, body: collected)
                            }
                        }
                        throw HTTPPostError(.protocolError, "\(url) closed the connection before the response ended")
                    }
                }
                group.addTask {
                    try await Task.sleep(for: requestTimeout)
                    throw HTTPPostError(.timeout, "no complete answer from \(url) within \(requestTimeout)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    throw HTTPPostError(.connection, "request to \(url) produced no result")
                }
                return first
            }
        } catch let error as HTTPPostError {
            throw error
        } catch let error as ChannelError where error == .connectTimeout(connectTimeout) {
            throw HTTPPostError(.timeout, "cannot connect to \(url) within \(self.connectTimeout)")
        } catch {
            throw HTTPPostError(.connection, "cannot reach \(url): \(error)")
        }
    }
}

/// Why a POST got no HTTP answer.
public struct HTTPPostError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case connection, timeout, protocolError = "protocol_error"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
