import Foundation
import IILogsAgent
import IILogsCore
import IILogsTesting
import Testing

@Suite struct TLSClientSettingsTests {
    @Test func systemRootsOrACAFileWithAnOptionalClientCertificatePass() throws {
        let folder = try TemporaryDirectory(prefix: "agent-tls-settings")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.path)
        try TLSClientSettings().validate()
        try TLSClientSettings(caFile: certificates.caCertificate, serverName: "localhost",
                              certificateFile: certificates.clientCertificate, keyFile: certificates.clientKey).validate()
    }

    @Test func badSettingsAreNamed() throws {
        let folder = try TemporaryDirectory(prefix: "agent-tls-settings-bad")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.path)
        let cases: [(TLSClientSettings, String, String)] = [
            (.init(caFile: folder.file("missing.pem")), "tls.caFile", "no such file"),
            (.init(caFile: certificates.clientKey), "tls.caFile", "not a PEM certificate"),
            (.init(serverName: ""), "tls.serverName", "host name"),
            (.init(keyFile: certificates.clientKey), "tls.certFile", "required with tls.keyFile"),
            (.init(certificateFile: certificates.clientCertificate), "tls.keyFile", "required with tls.certFile"),
            (.init(certificateFile: certificates.clientCertificate, keyFile: certificates.caCertificate), "tls.keyFile", "not a PEM private key"),
            (.init(certificateFile: certificates.clientCertificate, keyFile: certificates.serverKey), "tls.keyFile", "is it the certificate's key?"),
        ]
        for (tls, key, problem) in cases {
            let error = #expect(throws: SettingsError.self) { try tls.validate() }
            #expect(error?.key == key, "\(tls)")
            #expect(error?.problem.contains(problem) == true, "\(error?.problem ?? "no error") should mention \(problem)")
        }
    }

    @Test func agentSettingsValidateTheirTLS() throws {
        var settings = AgentSettings(collectorHost: "127.0.0.1", collectorPort: 5170,
                                     identity: InstanceIdentity(instanceID: "i-1", imageVersion: "v1", bootID: "b"), spoolDirectory: "/tmp/s")
        settings.tls = TLSClientSettings(serverName: "")
        #expect(throws: SettingsError(key: "tls.serverName", problem: "must be a host name of 1–255 characters without spaces, got \"\"")) {
            try settings.validate()
        }
    }

    @Test func plainTCPBeyondLoopbackIsWarnedAbout() {
        let identity = InstanceIdentity(instanceID: "i-1", imageVersion: "v1", bootID: "b")
        #expect(AgentSettings(collectorHost: "127.0.0.1", collectorPort: 5170, identity: identity, spoolDirectory: "/s").plainTextWarning == nil)
        var remote = AgentSettings(collectorHost: "logs.internal", collectorPort: 5170, identity: identity, spoolDirectory: "/s")
        #expect(remote.plainTextWarning?.contains("logs.internal:5170 over plain TCP") == true)
        remote.tls = TLSClientSettings()
        #expect(remote.plainTextWarning == nil)
    }
}
