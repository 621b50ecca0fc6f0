internal import Foundation
public import IILogsStore

/// Where a PostgreSQL store lives: `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer]`.
///
/// `postgresql://` is accepted too. The port defaults to 5432. Only `sslmode=disable` (the default) is supported so
/// far: TLS to the database is not wired yet (put the collector and PostgreSQL on a private network). The password is
/// never part of ``description``.
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Hashable {
        case disable
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tls: TLSMode = .disable) {
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
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw StoreError(.invalidQuery, "store URL sslmode must be disable (TLS to PostgreSQL is not supported yet), got \(item.value ?? "nothing")")
                }
                tls = mode
            default:
                throw StoreError(.invalidQuery, "store URL parameter \(item.name) is not supported (only sslmode)")
            }
        }
        self.init(host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls)
    }

    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    /// `text` with the password (between `:` and `@` of the authority) replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at,
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
