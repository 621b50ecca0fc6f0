public import HummingbirdCore
import HummingbirdTLS

extension CollectorHTTP {
    /// Plain HTTP/1.1 without `tls`; with it, HTTP/1.1 over TLS with its certificate (no client
    /// certificates: the API authenticates with tokens).
    public static func server(tls: TLSServerSettings?) throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        return try .tls(.http1(), tlsConfiguration: tls.httpConfiguration())
    }
}
