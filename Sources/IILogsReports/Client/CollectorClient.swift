import Foundation
public import IILogsCore
public import IILogsStore
import NIOCore
import NIOHTTP1

/// Typed client for the collector's HTTP API (docs/API.md).
public struct CollectorClient: Sendable {
    public var http: HTTPGetClient
    /// Sent as `Authorization: Bearer …` when set.
    public var readToken: String?
    /// Sent instead of the read token on deployer endpoints (quarantine release) when set.
    public var deployerToken: String?

    public init(endpoint: HTTPEndpoint, readToken: String? = nil, deployerToken: String? = nil, timeout: Duration = .seconds(30)) {
        self.http = HTTPGetClient(endpoint: endpoint, timeout: timeout)
        self.readToken = readToken
        self.deployerToken = deployerToken
    }

    /// `GET /v1/logs` for `query`.
    public func logs(_ query: LogQuery) async throws(ClientError) -> APILogsResponse {
        try await get("/v1/logs" + Self.queryString(query.urlQueryItems), as: APILogsResponse.self)
    }

    /// `GET /v1/instances`.
    public func instances(image: String? = nil, state: InstanceState? = nil) async throws(ClientError) -> [APIInstance] {
        var items: [(String, String)] = []
        if let image { items.append(("image", image)) }
        if let state { items.append(("state", state.rawValue)) }
        return try await get("/v1/instances" + Self.queryString(items), as: APIInstancesResponse.self).instances
    }

    /// `GET /v1/instances/{id}` with its events; nil when the collector does not know it.
    public func instance(_ id: String) async throws(ClientError) -> APIInstance? {
        do {
            return try await get("/v1/instances/" + Self.percentEncode(id), as: APIInstance.self)
        } catch where error.status == 404 {
            return nil
        }
    }

    /// `GET /v1/images`.
    public func images() async throws(ClientError) -> [APIImage] {
        try await get("/v1/images", as: APIImagesResponse.self).images
    }

    /// `GET /v1/instances/{id}/timeline`; nil when the collector does not know the instance.
    public func timeline(_ id: String) async throws(ClientError) -> APITimeline? {
        do {
            return try await call("/v1/instances/" + Self.percentEncode(id) + "/timeline", as: APITimeline.self)
        } catch where error.status == 404 {
            return nil
        }
    }

    /// `POST /v1/events`: lifecycle events from a deployer (idempotent: resending is safe).
    public func postEvents(_ events: [APIDeployerEvent]) async throws(ClientError) -> APIPostEventsResponse {
        let body: Data
        do {
            body = try JSONEncoder().encode(events)
        } catch {
            throw ClientError(.decoding, "cannot encode the events: \(error)")
        }
        return try await call("/v1/events", as: APIPostEventsResponse.self, method: .POST, body: ByteBuffer(bytes: body))
    }

    func get<T: Decodable>(_ path: String, as type: T.Type) async throws(ClientError) -> T {
        try await call(path, as: type)
    }

    private func call<T: Decodable>(_ path: String, as type: T.Type, method: HTTPMethod = .GET,
                                   body: ByteBuffer? = nil) async throws(ClientError) -> T {
        var headers: [(String, String)] = []
        if let readToken { headers.append(("Authorization", "Bearer \(readToken)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try await http.request(method, path, body: body, headers: headers)
        let data = Data(response.body.readableBytesView)
        guard (200..<300).contains(response.status) else {
            let message = (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.error.message
                ?? String(decoding: data.prefix(500), as: UTF8.self)
            throw ClientError(.http, "collector answered \(response.status): \(message)", status: response.status)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ClientError(.decoding, "cannot decode the collector's answer to \(path): \(error)")
        }
    }

    static func queryString(_ items: [(String, String)]) -> String {
        items.isEmpty ? "" : "?" + items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters pass; everything else is %XX of its UTF-8 bytes.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

extension LogQuery {
    /// The `GET /v1/logs` parameters that express this query.
    public var urlQueryItems: [(String, String)] {
        var items: [(String, String)] = []
        switch scope {
        case .instance(let id): items.append(("instance", id))
        case .image(let version): items.append(("image", version))
        case .all: break
        }
        if let since { items.append(("since", RFC3339.format(since))) }
        if let until { items.append(("until", RFC3339.format(until))) }
        if let minSeverity { items.append(("severity", minSeverity.name)) }
        if let app { items.append(("app", app)) }
        if let grep { items.append(("grep", grep)) }
        if let contains { items.append(("contains", contains)) }
        items.append(("limit", String(limit)))
        items.append(("keep", keep == .newest ? "newest" : "oldest"))
        return items
    }
}
