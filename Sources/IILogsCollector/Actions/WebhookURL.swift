/// A parsed `http://HOST[:PORT][/PATH]` webhook address.
///
/// Only plain HTTP is supported for now: `https://` is refused at start-up with an error that says
/// so (TLS comes with the collector's TLS work). Credentials in the URL (`user@`) and fragments are refused.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Path and query sent in the request line; `/` when the URL has none.
    public var pathAndQuery: String

    /// The URL as given back to humans and in the delivery log.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)\(pathAndQuery)"
    }

    /// Parses `text`; the error's `problem` says what is wrong (the caller supplies the key).
    public init(parsing text: String) throws(WebhookURLError) {
        let lower = text.lowercased()
        if lower.hasPrefix("https://") {
            throw WebhookURLError(problem: "https:// is not supported yet (TLS is a later release); use http:// to a local relay or a trusted network, got '\(text)'")
        }
        guard lower.hasPrefix("http://") else {
            throw WebhookURLError(problem: "must start with http://, got '\(text)'")
        }
        let rest = text.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.contains("#") { throw WebhookURLError(problem: "must not contain a fragment (#), got '\(text)'") }
        if authority.contains("@") { throw WebhookURLError(problem: "must not contain credentials (user@); use the webhook secret, got '\(text)'") }
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        if path.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) {
            throw WebhookURLError(problem: "path must not contain spaces or control characters, got '\(text)'")
        }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw WebhookURLError(problem: "unclosed '[' in '\(text)'") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw WebhookURLError(problem: "unexpected text after ']' in '\(text)'") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw WebhookURLError(problem: "has no host, got '\(text)'") }
        var port = 80
        if let portText {
            guard let parsed = Int(portText), (1...65_535).contains(parsed) else {
                throw WebhookURLError(problem: "port must be 1–65535, got '\(portText)' in '\(text)'")
            }
            port = parsed
        }
        self.host = String(host)
        self.port = port
        self.pathAndQuery = path
    }
}

/// Why a webhook URL cannot be used.
public struct WebhookURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
