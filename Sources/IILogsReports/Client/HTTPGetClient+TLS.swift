import NIOHTTP1
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HTTPGetClient {
    /// The TLS context of an `https://` endpoint (nil for `http://`): full verification against the
    /// endpoint's CA file, or the system's trust roots.
    static func tlsContext(for endpoint: HTTPEndpoint) throws(ClientError) -> NIOSSLContext? {
        guard endpoint.usesTLS else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = endpoint.caFile {
            do {
                let authorities = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !authorities.isEmpty else { throw ClientError(.badEndpoint, "--ca-file \(caFile): no PEM certificate in it") }
                configuration.trustRoots = .certificates(authorities)
            } catch let error as ClientError {
                throw error
            } catch {
                throw ClientError(.badEndpoint, "--ca-file \(caFile): cannot read PEM certificates (\(error))")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ClientError(.badEndpoint, "cannot set up TLS for \(endpoint): \(error)")
        }
    }

    /// The TLS handler for one connection: the endpoint's host is sent as SNI and checked against the
    /// certificate (an IP address is checked against the certificate's IP addresses instead).
    static func tlsHandler(_ context: NIOSSLContext, endpoint: HTTPEndpoint) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: isIPAddress(endpoint.host) ? nil : endpoint.host)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

extension HTTPGetClient {
    /// `GET pathAndQuery` (for callers that do not import NIOHTTP1).
    public func get(_ pathAndQuery: String) async throws(ClientError) -> Response {
        try await request(.GET, pathAndQuery)
    }
}
