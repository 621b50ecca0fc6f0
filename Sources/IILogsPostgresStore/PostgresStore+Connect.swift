import IILogsStore
import Logging
import NIOSSL
import PostgresNIO

/// The TLS of a store URL's `sslmode` and `sslrootcert` (``PostgresStoreURL``), for the pool and for one connection.
struct PostgresTLS {
    let forClient: PostgresClient.Configuration.TLS
    let forConnection: PostgresConnection.Configuration.TLS

    /// Loads `sslrootcert` now, so a bad file fails start-up naming it.
    init(_ url: PostgresStoreURL) throws(StoreError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable:
            (forClient, forConnection) = (.disable, .disable)
            return
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let file = url.rootCertificateFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw StoreError(.io, "store URL sslrootcert \(file): cannot read PEM certificates (\(error))", underlying: error)
            }
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw StoreError(.io, "store URL \(url): cannot set up TLS (\(error))", underlying: error)
        }
        if url.tls == .prefer {
            (forClient, forConnection) = (.prefer(tls), .prefer(context))
        } else {
            (forClient, forConnection) = (.require(tls), .require(context))
        }
    }
}

extension PostgresStore {
    /// How long one connection attempt may take (TCP, TLS, authentication).
    static let connectTimeoutSeconds: Int64 = 10

    /// Opens and closes one connection with the pool's settings: an unreachable server, a refused TLS handshake or a
    /// wrong password becomes a ``StoreError`` saying so, instead of a pool that waits for a connection forever.
    static func probe(_ url: PostgresStoreURL, tls: PostgresTLS, logger: Logger) async throws(StoreError) {
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username, password: url.password,
                                                             database: url.database, tls: tls.forConnection)
        configuration.options.connectTimeout = .seconds(connectTimeoutSeconds)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw storeError(error, what: "connecting", url: url)
        }
    }
}
