public import Hummingbird

/// Who may call the HTTP API (docs/SECURITY.md): a read token for every read, a deployer token for the
/// endpoints that change state (`POST /v1/events`, `POST /v1/quarantine/{id}/release`).
///
/// | read token | deployer token | reads (GET) | deployer endpoints (POST) |
/// |---|---|---|---|
/// | – | – | open | open |
/// | – | set | open | deployer token |
/// | set | – | read or deployer token | refused (403): configure a deployer token |
/// | set | set | read or deployer token | deployer token |
///
/// `/healthz` is always open. Tokens go in `Authorization: Bearer TOKEN` and are compared in constant time.
public struct APIAccess: Sendable, Hashable {
    public var readToken: String?
    public var deployerToken: String?

    public init(readToken: String? = nil, deployerToken: String? = nil) {
        self.readToken = readToken.flatMap { $0.isEmpty ? nil : $0 }
        self.deployerToken = deployerToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// No token at all: anyone who reaches the listener reads and writes.
    public var isOpen: Bool { readToken == nil && deployerToken == nil }

    /// Nil when the request may go on; else the error to answer (401 without or with a wrong token, 403 with
    /// a read token on a deployer endpoint or when deployer endpoints are disabled).
    public func check(method: HTTPRequest.Method, path: String, authorization: String?) -> APIError? {
        if path == "/healthz" { return nil }
        let given = authorization.flatMap(Self.bearerToken)
        func matches(_ token: String?) -> Bool {
            guard let token, let given else { return false }
            return Authenticator.constantTimeEquals(Array(given.utf8), Array(token.utf8))
        }
        let isDeployer = matches(deployerToken)
        if method == .get || method == .head {
            guard let readToken else { return nil }
            return matches(readToken) || isDeployer ? nil : Self.unauthorized("this API needs a read token (Authorization: Bearer …)")
        }
        guard deployerToken != nil else {
            return readToken == nil ? nil : APIError(status: .forbidden, code: "forbidden",
                                                     message: "deployer endpoints are disabled: the collector has a read token but no --deployer-token-file")
        }
        if isDeployer { return nil }
        if matches(readToken) { return APIError(status: .forbidden, code: "forbidden", message: "a read token cannot call \(method) \(path); use the deployer token") }
        return Self.unauthorized("\(method) \(path) needs the deployer token (Authorization: Bearer …)")
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message)
    }

    /// The token of `Bearer TOKEN` (scheme case-insensitive); nil otherwise.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }
}
