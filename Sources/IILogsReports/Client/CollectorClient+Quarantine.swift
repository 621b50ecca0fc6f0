import Foundation
public import IILogsCore
import NIOCore
import NIOHTTP1

extension CollectorClient {
    /// `GET /v1/quarantine`: open quarantine flags, with `all` also open warnings; newest first.
    public func quarantineFlags(all: Bool = false) async throws(ClientError) -> [APIFlag] {
        try await send("/v1/quarantine" + (all ? "?all=true" : ""), as: APIFlagsResponse.self).value.flags
    }

    /// `GET /v1/quarantine/{instance}`: the instance's state and every flag it had; nil when unknown.
    public func quarantine(instance: String) async throws(ClientError) -> APIInstanceFlagsResponse? {
        do {
            return try await send("/v1/quarantine/" + Self.percentEncode(instance), as: APIInstanceFlagsResponse.self).value
        } catch where error.status == 404 {
            return nil
        }
    }

    /// `POST /v1/quarantine/{instance}/release` with `reason`.
    public func release(instance: String, reason: String) async throws(ClientError) -> APIReleaseResponse {
        let body: Data
        do {
            body = try JSONEncoder().encode(APIReleaseRequest(reason: reason))
        } catch {
            throw ClientError(.decoding, "cannot encode the release: \(error)")
        }
        return try await send("/v1/quarantine/" + Self.percentEncode(instance) + "/release", as: APIReleaseResponse.self,
                              method: .POST, body: ByteBuffer(bytes: body)).value
    }

    /// `GET /v1/images/{V}/health[?baseline=W]`.
    public func health(image: String, baseline: String? = nil) async throws(ClientError) -> APIImageHealth {
        try await send(Self.healthPath(image, "health", baseline), as: APIImageHealth.self).value
    }

    /// `GET /v1/images/{V}/gate[?baseline=W]`: the HTTP status (200 healthy, 503 otherwise) and the verdict.
    public func gate(image: String, baseline: String? = nil) async throws(ClientError) -> (status: Int, health: APIImageHealth) {
        let answer = try await send(Self.healthPath(image, "gate", baseline), as: APIImageHealth.self, accepting: [200, 503])
        return (answer.status, answer.value)
    }

    static func healthPath(_ image: String, _ resource: String, _ baseline: String?) -> String {
        "/v1/images/" + percentEncode(image) + "/" + resource + queryString(baseline.map { [("baseline", $0)] } ?? [])
    }

    /// One request; statuses outside 2xx (and `accepting`) become a `ClientError` carrying the API's message.
    private func send<T: Decodable>(_ path: String, as type: T.Type, method: HTTPMethod = .GET, body: ByteBuffer? = nil,
                                    accepting: Set<Int> = []) async throws(ClientError) -> (status: Int, value: T) {
        var headers: [(String, String)] = []
        if let token = method == .GET ? readToken ?? deployerToken : deployerToken ?? readToken {
            headers.append(("Authorization", "Bearer \(token)"))
        }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try await http.request(method, path, body: body, headers: headers)
        let data = Data(response.body.readableBytesView)
        guard (200..<300).contains(response.status) || accepting.contains(response.status) else {
            let message = (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.error.message
                ?? String(decoding: data.prefix(500), as: UTF8.self)
            throw ClientError(.http, "collector answered \(response.status): \(message)", status: response.status)
        }
        do {
            return (response.status, try JSONDecoder().decode(T.self, from: data))
        } catch {
            throw ClientError(.decoding, "cannot decode the collector's answer to \(path): \(error)")
        }
    }
}
