public import IILogsCore
public import NIOSSL
import IILogsTLS

/// TLS for the collector's agent listener and HTTP API (docs/SECURITY.md): a certificate and key in PEM
/// files, and optionally a CA whose client certificates the agent listener then requires.
///
/// Every TLS listener (and the syslog-over-TLS one, `--syslog-tls`) presents the same certificate. Client
/// certificates apply to the agent and syslog-over-TLS listeners, whose peers write logs: the HTTP API
/// authenticates readers and deployers with tokens.
public struct TLSServerSettings: Sendable, Hashable {
    /// PEM file of the certificate chain, leaf first (`--tls-cert-file`).
    public var certificateFile: String
    /// PEM file of the certificate's private key (`--tls-key-file`).
    public var keyFile: String
    /// PEM file of the CA(s) agents' client certificates must chain to (`--tls-client-ca-file`);
    /// nil = agents need no certificate.
    public var clientCAFile: String?

    public init(certificateFile: String, keyFile: String, clientCAFile: String? = nil) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
    }

    /// True when agents must present a certificate signed by ``clientCAFile``.
    public var requiresClientCertificates: Bool { clientCAFile != nil }

    /// Reads every file; the error names the setting whose file is missing, unreadable or not PEM, or the
    /// key when it does not belong to the certificate.
    public func validate() throws(SettingsError) {
        let configuration = try agentListenerConfiguration()
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw SettingsError(key: "tlsKeyFile", problem: "\(keyFile) cannot be used with \(certificateFile) (is it the certificate's key?): \(error)")
        }
    }

    /// The agent listener's configuration: the certificate, and client certificates verified against
    /// ``clientCAFile`` when set (no host name check: agents are named by their hello, not their address).
    public func agentListenerConfiguration() throws(SettingsError) -> TLSConfiguration {
        var configuration = try httpConfiguration()
        if let clientCAFile {
            let authorities = try TLSPEMFile.certificates(clientCAFile, key: "tlsClientCAFile")
            configuration.trustRoots = .certificates(authorities)
            configuration.certificateVerification = .noHostnameVerification
        }
        return configuration
    }

    /// The HTTP API's configuration: the certificate, no client certificates.
    public func httpConfiguration() throws(SettingsError) -> TLSConfiguration {
        let chain = try TLSPEMFile.certificates(certificateFile, key: "tlsCertFile")
        let key = try TLSPEMFile.privateKey(keyFile, key: "tlsKeyFile")
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
