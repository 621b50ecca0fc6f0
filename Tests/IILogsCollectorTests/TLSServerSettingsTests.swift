import Foundation
import IILogsCollector
import IILogsCore
import IILogsTesting
import Testing

@Suite struct TLSServerSettingsTests {
    @Test func validCertificateAndKeyPass() throws {
        let folder = try TemporaryDirectory(prefix: "tls-settings")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.path)
        var settings = CollectorSettings()
        settings.tls = TLSServerSettings(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey,
                                         clientCAFile: certificates.caCertificate)
        try settings.validate()
        #expect(settings.tls?.requiresClientCertificates == true)
    }

    @Test func everyBadFileIsNamedByItsSetting() throws {
        let folder = try TemporaryDirectory(prefix: "tls-settings-bad")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.path)
        let notPEM = folder.file("not.pem")
        try "hello, not a certificate\n".write(toFile: notPEM, atomically: true, encoding: .utf8)
        let missing = folder.file("missing.pem")
        let cases: [(TLSServerSettings, String, String)] = [
            (.init(certificateFile: missing, keyFile: certificates.serverKey), "tlsCertFile", "no such file"),
            (.init(certificateFile: notPEM, keyFile: certificates.serverKey), "tlsCertFile", "not a PEM certificate"),
            (.init(certificateFile: certificates.serverCertificate, keyFile: missing), "tlsKeyFile", "no such file"),
            // A certificate where the key should be.
            (.init(certificateFile: certificates.serverCertificate, keyFile: certificates.serverCertificate), "tlsKeyFile", "not a PEM private key"),
            (.init(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey, clientCAFile: notPEM),
             "tlsClientCAFile", "not a PEM certificate"),
            (.init(certificateFile: "", keyFile: certificates.serverKey), "tlsCertFile", "must name a file"),
            // A key of another certificate.
            (.init(certificateFile: certificates.serverCertificate, keyFile: certificates.clientKey), "tlsKeyFile", "is it the certificate's key?"),
        ]
        for (tls, key, problem) in cases {
            var settings = CollectorSettings()
            settings.tls = tls
            let error = #expect(throws: SettingsError.self) { try settings.validate() }
            #expect(error?.key == key, "\(tls)")
            #expect(error?.problem.contains(problem) == true, "\(error?.problem ?? "no error") should mention \(problem)")
        }
    }
}
