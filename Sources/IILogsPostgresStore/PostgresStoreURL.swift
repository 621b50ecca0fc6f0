internal import Foundation
public import IILogsStore

/// Where a PostgreSQL store lives:
/// `postgres://user[:password]@host[:port]/database[?sslmode=MODE][&sslrootcert=FILE]`.
///
/// `postgresql://` is accepted too. The port defaults to 5432. `sslmode` means what it means to `psql` (libpq):
/// `disable` (plain TCP), `prefer` (the default: TLS when the server offers it, plain otherwise, nothing verified),
/// `require` (TLS or no connection, nothing verified), `verify-ca` (TLS, the server's chain verified against
/// `sslrootcert` or the system's roots), `verify-full` (also the host name). Only `verify-ca` and `verify-full`
/// protect against a man in the middle. The password is never part of ``description``.
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// PEM file of the CAs the server's certificate must chain to (`verify-ca`, `verify-full`); nil = the system's.
    public var rootCertificateFile: String?

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tls: TLSMode = .prefer,
                rootCertificateFile: String? = nil) {
        self.rootCertificateFile = rootCertificateFile
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// True when `text` names a PostgreSQL store rather than a data folder.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; errors name the part that is wrong.
    public init(parsing text: String) throws(StoreError) {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw StoreError(.invalidQuery, "store URL \(Self.redacted(text)) is not postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.invalidQuery, "store URL \(Self.redacted(text)) has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.invalidQuery, "store URL \(Self.redacted(text)) has no user (postgres://USER@host/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.invalidQuery, "store URL \(Self.redacted(text)) has no database name (postgres://user@host/DATABASE)")
        }
        var tls = TLSMode.prefer
        var rootCertificateFile: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw StoreError(.invalidQuery, "store URL sslmode must be one of \(modes), got \(item.value ?? "nothing")")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { throw StoreError(.invalidQuery, "store URL sslrootcert needs a file path") }
                rootCertificateFile = path
            default:
                throw StoreError(.invalidQuery, "store URL parameter \(item.name) is not supported (only sslmode and sslrootcert)")
            }
        }
        if rootCertificateFile != nil && !(tls == .verifyCA || tls == .verifyFull) {
            throw StoreError(.invalidQuery, "store URL sslrootcert is only used with sslmode=verify-ca or verify-full, not \(tls.rawValue)")
        }
        self.init(host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls,
                  rootCertificateFile: rootCertificateFile)
    }

    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)" + (rootCertificateFile.map { "&sslrootcert=\($0)" } ?? "")
    }

    /// `text` with the password (between `:` and `@` of the authority) replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at,
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
