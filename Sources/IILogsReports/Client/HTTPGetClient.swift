public import NIOCore
public import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 GET/POST client over SwiftNIO, enough for the collector's JSON API.
///
/// One connection per request (`Connection: close`): the CLI makes one or two calls per run.
public struct HTTPGetClient: Sendable {
    public var endpoint: HTTPEndpoint
    public var timeout: Duration
    /// Largest response body accepted.
    public var maxBodyBytes: Int

    public init(endpoint: HTTPEndpoint, timeout: Duration = .seconds(30), maxBodyBytes: Int = 512 << 20) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// The response to one request: status and whole body.
    public struct Response: Sendable {
        public var status: Int
        public var body: ByteBuffer
    }

    /// Sends `method path` (path relative to the endpoint's base, with its query string) and reads the reply.
    public func request(_ method: HTTPMethod = .GET, _ pathAndQuery: String, body: ByteBuffer? = nil,
                        headers extra: [(String, String)] = []) async throws(ClientError) -> Response {
        let endpoint = self.endpoint
        let maxBodyBytes = self.maxBodyBytes
        do {
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask {
                    let channel = try await Self.connect(to: endpoint)
                    return try await channel.executeThenClose { inbound, outbound in
                        let head = Self.requestHead(method, pathAndQuery, endpoint: endpoint, accept: "application/json",
                                                    bodyBytes: body?.readableBytes, headers: extra)
                        // One flush: a server may answer (an error) and close as soon as it has the head.
                        let parts: [HTTPClientRequestPart] = body.map { [.head(head), .body(.byteBuffer($0)), .end(nil)] } ?? [.head(head), .end(nil)]
                        try await outbound.write(contentsOf: parts)
                        var status = 0
                        var collected = ByteBuffer()
                        for try await part in inbound {
                            switch part {
                            case .head(let responseHead):
                                status = Int(responseHead.status.code)
                            case .body(var chunk):
                                guard collected.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                                    throw ClientError(.decoding, "response from \(endpoint) exceeds \(maxBodyBytes) bytes")
                                }
                                collected.writeBuffer(&chunk)
                            case .end:
                                return Response(status: status, body: collected)
                            }
                        }
                        throw ClientError(.connection, "\(endpoint) closed the connection before the response ended")
                    }
                }
                let timeout = self.timeout
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ClientError(.timeout, "no answer from \(endpoint) within \(timeout)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    throw ClientError(.connection, "request to \(endpoint) produced no result")
                }
                return first
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(.connection, "cannot reach the collector at \(endpoint): \(error)")
        }
    }

    /// A new HTTP/1.1 connection to `endpoint` (10 s to connect).
    static func connect(to endpoint: HTTPEndpoint) async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        let tls = try tlsContext(for: endpoint)
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(tlsHandler(tls, endpoint: endpoint)) }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// The head every request sends: Host, `Connection: close`, Accept, the extra headers, Content-Length when a body follows.
    static func requestHead(_ method: HTTPMethod, _ pathAndQuery: String, endpoint: HTTPEndpoint, accept: String,
                            bodyBytes: Int?, headers extra: [(String, String)]) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: endpoint.basePath + pathAndQuery)
        head.headers.add(name: "Host", value: "\(endpoint.host):\(endpoint.port)")
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Accept", value: accept)
        for (name, value) in extra { head.headers.add(name: name, value: value) }
        if let bodyBytes { head.headers.add(name: "Content-Length", value: String(bodyBytes)) }
        return head
    }
}
