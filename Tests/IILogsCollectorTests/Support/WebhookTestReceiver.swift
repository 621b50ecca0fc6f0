import NIOCore
import NIOPosix
import Synchronization

/// A tiny HTTP/1.1 receiver on 127.0.0.1 port 0 for webhook tests: reads one request per connection
/// (headers and a Content-Length body), answers the status `respond` picks, closes. A status of 0
/// means never answer: the connection is held until the client closes it.
final class WebhookTestReceiver: Sendable {
    struct Request: Sendable {
        var requestLine: String
        /// Header names lowercased.
        var headers: [String: String]
        var body: [UInt8]
        var status: Int
    }

    let port: Int
    private let requests = Mutex<[Request]>([])
    private let respond: @Sendable (_ headers: [String: String], _ previousForSameDelivery: Int) -> Int

    private init(port: Int, respond: @escaping @Sendable ([String: String], Int) -> Int) {
        self.port = port
        self.respond = respond
    }

    /// Everything received so far, in arrival order.
    var received: [Request] { requests.withLock { $0 } }

    /// Runs a receiver around `body`; `respond` gets the request's headers and how many requests with
    /// the same `x-iilogs-delivery` came before, and returns the status to answer.
    static func with<T: Sendable>(respond: @escaping @Sendable ([String: String], Int) -> Int,
                                  _ body: @Sendable (WebhookTestReceiver) async throws -> T) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let receiver = WebhookTestReceiver(port: server.channel.localAddress?.port ?? 0, respond: respond)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask { try? await receiver.serve(connection) }
                        }
                    }
                }
            }
            defer { tasks.cancelAll() }
            let result = try await body(receiver)
            try? await server.channel.close()
            return result
        }
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var bytes: [UInt8] = []
            var chunks = inbound.makeAsyncIterator()
            while let chunk = try await chunks.next() {
                bytes += chunk.readableBytesView
                guard var request = Self.parse(bytes) else { continue }
                let status = requests.withLock { list in
                    let id = request.headers["x-iilogs-delivery"]
                    let previous = list.filter { $0.headers["x-iilogs-delivery"] == id }.count
                    request.status = respond(request.headers, previous)
                    list.append(request)
                    return request.status
                }
                if status == 0 {
                    while try await chunks.next() != nil {}
                    return
                }
                try await outbound.write(ByteBuffer(string: "HTTP/1.1 \(status) Test\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
                return
            }
        }
    }

    /// A whole request, or nil while bytes are missing.
    static func parse(_ bytes: [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return nil
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingPrefix(" ").description
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard bytes.count >= end + 4 + length else { return nil }
        return Request(requestLine: String(lines.first ?? ""), headers: headers, body: Array(bytes[(end + 4)..<(end + 4 + length)]),
                       status: 0)
    }
}
