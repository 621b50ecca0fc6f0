/// Where a collector's HTTP API lives: parsed from `http://HOST:PORT[/prefix]`.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Path prefix without a trailing slash (usually empty).
    public var basePath: String

    public init(host: String, port: Int, basePath: String = "") {
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `http://host:port/prefix`; `https` is not supported yet and is refused with a clear message.
    public init(parsing text: String) throws(ClientError) {
        var rest = Substring(text)
        if rest.hasPrefix("https://") {
            throw ClientError(.badEndpoint, "\(text): https is not supported yet; use http:// on a trusted network or a TLS-terminating proxy")
        }
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        let hostPort = rest.prefix { $0 != "/" }
        let path = String(rest.dropFirst(hostPort.count))
        let host: Substring
        var port = 80
        if hostPort.hasPrefix("[") {  // [::1]:5171
            guard let close = hostPort.firstIndex(of: "]") else { throw ClientError(.badEndpoint, "\(text): unterminated IPv6 address") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { throw ClientError(.badEndpoint, "\(text): bad port") }
                port = p
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            guard let p = Int(hostPort[hostPort.index(after: colon)...]) else { throw ClientError(.badEndpoint, "\(text): bad port") }
            port = p
        } else {
            host = hostPort
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw ClientError(.badEndpoint, "\(text): expected http://HOST:PORT")
        }
        self.init(host: String(host), port: port, basePath: path.hasSuffix("/") ? String(path.dropLast()) : path)
    }

    public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(basePath)" }
}
