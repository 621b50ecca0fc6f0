/// Where a collector's HTTP API lives: parsed from `http://HOST:PORT[/prefix]`.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Path prefix without a trailing slash (usually empty).
    public var basePath: String
    /// `https://`: TLS, the collector's certificate verified against ``caFile`` or the system's roots.
    public var usesTLS: Bool
    /// PEM CA certificate(s) the collector's certificate must chain to (`--ca-file`); nil = system roots.
    public var caFile: String?

    public init(host: String, port: Int, basePath: String = "", usesTLS: Bool = false, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.basePath = basePath
        self.usesTLS = usesTLS
        self.caFile = caFile
    }

    /// Parses `http://host:port/prefix` or `https://host:port/prefix` (port 80 or 443 when absent).
    public init(parsing text: String) throws(ClientError) {
        var rest = Substring(text)
        let usesTLS = rest.hasPrefix("https://")
        if usesTLS { rest = rest.dropFirst(8) } else if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        let hostPort = rest.prefix { $0 != "/" }
        let path = String(rest.dropFirst(hostPort.count))
        let host: Substring
        var port = usesTLS ? 443 : 80
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
            throw ClientError(.badEndpoint, "\(text): expected http://HOST:PORT or https://HOST:PORT")
        }
        self.init(host: String(host), port: port, basePath: path.hasSuffix("/") ? String(path.dropLast()) : path, usesTLS: usesTLS)
    }

    public var description: String { "\(usesTLS ? "https" : "http")://\(host.contains(":") ? "[\(host)]" : host):\(port)\(basePath)" }
}
