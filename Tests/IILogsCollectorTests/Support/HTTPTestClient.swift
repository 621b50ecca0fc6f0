import IILogsCore
import Foundation
import IILogsCollector
import NIOCore
import NIOPosix

/// A minimal HTTP/1.1 client over a plain NIO socket: one GET per connection, `Connection: close`.
struct HTTPTestClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: Data(body))
        }
    }

    struct MalformedResponse: Error {
        var text: String
    }

    let address: HostAndPort

    func get(_ target: String, bearer: String? = nil) async throws -> Response {
        try await send("GET \(target) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\n\(Self.authorization(bearer))\r\n")
    }

    /// `POST target` with a JSON body.
    func post(_ target: String, json body: String, bearer: String? = nil) async throws -> Response {
        try await send("POST \(target) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\nContent-Type: application/json\r\n"
                       + "Content-Length: \(body.utf8.count)\r\n\(Self.authorization(bearer))\r\n" + body)
    }

    private static func authorization(_ bearer: String?) -> String {
        bearer.map { "Authorization: Bearer \($0)\r\n" } ?? ""
    }

    private func send(_ request: String) async throws -> Response {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw: [UInt8] = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received: [UInt8] = []
            for try await chunk in inbound {
                received += chunk.readableBytesView
                if received.count > 16 << 20 { break }
            }
            return received
        }
        return try Self.parse(raw)
    }

    /// Parses a response with a Content-Length body (what the collector sends).
    static func parse(_ raw: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else {
            throw MalformedResponse(text: String(decoding: raw, as: UTF8.self))
        }
        let head = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw MalformedResponse(text: head.first ?? "")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(raw[(end + separator.count)...])
        if let length = headers["content-length"].flatMap(Int.init), length <= body.count {
            body = Array(body.prefix(length))
        }
        return Response(status: status, headers: headers, body: body)
    }
}
