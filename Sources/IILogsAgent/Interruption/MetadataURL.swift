/// An `http://HOST[:PORT]/PATH` URL of a metadata endpoint, parsed without Foundation (pure).
///
/// Only plain HTTP: metadata services are link-local and do not speak TLS. An IPv6 host is written in
/// brackets (`http://[fd00:ec2::254]/latest/...`). No user info, no fragment; a query is kept in ``path``.
public struct MetadataURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address, without brackets.
    public var host: String
    /// Port, 80 when the URL names none.
    public var port: Int
    /// Path and query, starting with `/`.
    public var path: String

    /// Creates a URL from its parts.
    public init(host: String, port: Int = 80, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Parses `text`; nil when it is not `http://HOST[:PORT][/PATH]` with a port from 1 to 65535.
    public init?(parsing text: String) {
        let scheme = "http://"
        guard text.lowercased().hasPrefix(scheme) else { return nil }
        let rest = text.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        guard !authority.isEmpty, !authority.utf8.contains(UInt8(ascii: "@")), !path.utf8.contains(UInt8(ascii: "#")),
              !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) else { return nil }
        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        var port = 80
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCII), let value = Int(portPart),
                  (1...65_535).contains(value) else { return nil }
            port = value
        }
        self.init(host: String(hostPart), port: port, path: path.isEmpty ? "/" : String(path))
    }

    /// The same host and port with another path.
    public func with(path: String) -> MetadataURL { MetadataURL(host: host, port: port, path: path) }

    /// The `Host` header value.
    public var hostHeader: String {
        let name = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    public var description: String { "http://\(hostHeader)\(path)" }
}
