public import IILogsCore
public import NIOSSL
import IILogsTLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TLS to the collector (`--tls` and friends, docs/SECURITY.md): the collector's certificate is verified
/// against ``caFile`` (or the system's roots) and its name against ``serverName`` (or the collector host);
/// a connection whose certificate does not verify is dropped before anything is sent.
public struct TLSClientSettings: Sendable, Hashable {
    /// PEM file of the CA(s) the collector's certificate must chain to; nil = the system's trust roots.
    public var caFile: String?
    /// Name the collector's certificate must carry; nil = the collector host (an IP address is checked
    /// against the certificate's IP addresses).
    public var serverName: String?
    /// PEM client certificate chain, for a collector that requires one (with ``keyFile``).
    public var certificateFile: String?
    /// PEM private key of ``certificateFile``.
    public var keyFile: String?

    public init(caFile: String? = nil, serverName: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.serverName = serverName
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }

    /// Reads every file; the error names the setting (`tls.caFile`, `tls.certFile`, …).
    public func validate() throws(SettingsError) {
        let configuration = try configuration()
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw SettingsError(key: "tls.keyFile", problem: "\(keyFile ?? "") cannot be used with \(certificateFile ?? "") (is it the certificate's key?): \(error)")
        }
    }

    /// The client configuration: full verification (chain and name), TLS 1.2 at least.
    public func configuration() throws(SettingsError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile { configuration.trustRoots = .certificates(try TLSPEMFile.certificates(caFile, key: "tls.caFile")) }
        if let serverName, serverName.isEmpty || serverName.utf8.count > 255 || serverName.utf8.contains(UInt8(ascii: " ")) {
            throw SettingsError(key: "tls.serverName", problem: "must be a host name of 1–255 characters without spaces, got \"\(serverName)\"")
        }
        switch (certificateFile, keyFile) {
        case (nil, nil):
            break
        case (let certificateFile?, let keyFile?):
            let chain = try TLSPEMFile.certificates(certificateFile, key: "tls.certFile")
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(try TLSPEMFile.privateKey(keyFile, key: "tls.keyFile"))
        case (nil, _?):
            throw SettingsError(key: "tls.certFile", problem: "is required with tls.keyFile")
        case (_?, nil):
            throw SettingsError(key: "tls.keyFile", problem: "is required with tls.certFile")
        }
        return configuration
    }

    /// What ``CollectorConnector`` needs for `host`: the context and the name to check (nil for an IP address
    /// without ``serverName``: NIOSSL then checks the certificate's IP addresses against the peer's).
    public func connectorTLS(host: String) throws -> CollectorConnector.TLS {
        let context = try NIOSSLContext(configuration: configuration())
        let name = serverName ?? (Self.isIPAddress(host) ? nil : host)
        return CollectorConnector.TLS(context: context, serverName: name)
    }

    /// True for an IPv4 or IPv6 literal (which TLS must not send as SNI).
    static func isIPAddress(_ host: String) -> Bool {
        // A raw 16-byte buffer (room for either address): in_addr()/in6_addr() resolve to CNIOLinux's copies when
        // the agent product is built on its own, and are then unavailable without importing it.
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 4) { address in
            inet_pton(AF_INET, host, address.baseAddress) == 1 || inet_pton(AF_INET6, host, address.baseAddress) == 1
        }
    }
}
