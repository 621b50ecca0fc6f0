/// A host and port to listen on, written `HOST:PORT` (`127.0.0.1:514`, `[::1]:514`, `localhost:0`).
public struct SyslogEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    /// 0 lets the system choose (the bound port is then in the stats).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; nil when the port is missing or not in 0–65535.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
