import IILogsCore
import Testing
@testable import IILogsCollector

/// The syslog keys of ``CollectorSettings`` (the other keys are pinned in CollectorSettingsTests).
@Suite struct SyslogSettingsTests {
    static func failingKey(_ change: (inout CollectorSettings) -> Void) -> String? {
        var settings = CollectorSettings()
        change(&settings)
        do {
            try settings.validate()
            return nil
        } catch {
            return error.key
        }
    }

    @Test func defaultsAreOffAndValid() throws {
        let settings = CollectorSettings()
        #expect(settings.syslogTCPListen == nil)
        #expect(settings.syslogUDPListen == nil)
        #expect(settings.syslogMaxMessageBytes == 64 << 10)
        #expect(settings.syslogIdentitySDID == "iilogs@53595")
        #expect(settings.syslogMaxConnections == 1024)
        try settings.validate()
    }

    @Test func eachSyslogKeyIsValidated() {
        #expect(Self.failingKey { $0.syslogTCPListen = HostAndPort(host: "", port: 514) } == "syslogTCPListen")
        #expect(Self.failingKey { $0.syslogUDPListen = HostAndPort(host: "0.0.0.0", port: 70_000) } == "syslogUDPListen")
        #expect(Self.failingKey { $0.syslogMaxMessageBytes = 10 } == "syslogMaxMessageBytes")
        #expect(Self.failingKey { $0.syslogMaxMessageBytes = CollectorSettings.maximumSyslogMessageBytes + 1 } == "syslogMaxMessageBytes")
        #expect(Self.failingKey { $0.syslogIdentitySDID = "" } == "syslogIdentitySDID")
        #expect(Self.failingKey { $0.syslogIdentitySDID = "has space" } == "syslogIdentitySDID")
        #expect(Self.failingKey { $0.syslogIdentitySDID = String(repeating: "a", count: 33) } == "syslogIdentitySDID")
        #expect(Self.failingKey { $0.syslogMaxConnections = 0 } == "syslogMaxConnections")
        #expect(Self.failingKey { $0.syslogTCPListen = HostAndPort(host: "0.0.0.0", port: 514) } == nil)
    }

    @Test func tlsListenerNeedsACertificateAndLimitsAreValidated() {
        #expect(Self.failingKey { $0.syslogTLSListen = HostAndPort(host: "0.0.0.0", port: 6514) } == "syslogTLSListen")
        #expect(Self.failingKey { $0.syslogMaxRecordsPerSecondPerSender = 0 } == "syslogMaxRecordsPerSecondPerSender")
        #expect(Self.failingKey { $0.syslogMaxRecordsPerSecondPerSender = nil } == nil)
        #expect(Self.failingKey { $0.syslogRecordsBurst = .seconds(601) } == "syslogRecordsBurst")
        #expect(Self.failingKey { $0.syslogRecordsBurst = .seconds(-1) } == "syslogRecordsBurst")
        #expect(Self.failingKey { $0.syslogRecordsBurst = .zero } == nil)
        var settings = CollectorSettings()
        settings.syslogTLSListen = HostAndPort(host: "0.0.0.0", port: 6514)
        do {
            try settings.validate()
            Issue.record("--syslog-tls without a certificate was accepted")
        } catch {
            #expect(error.description.contains("--tls-cert-file"), "\(error)")
        }
    }

    @Test func limitIsOnByDefault() {
        let settings = CollectorSettings()
        #expect(settings.syslogMaxRecordsPerSecondPerSender == 10_000)
        #expect(settings.syslogRecordsBurst == .seconds(10))
        #expect(settings.syslogTLSListen == nil)
    }

    @Test func plainSyslogListenersBeyondLoopbackAreWarnedAbout() {
        var settings = CollectorSettings()
        settings.syslogTCPListen = HostAndPort(host: "127.0.0.1", port: 514)
        settings.syslogUDPListen = HostAndPort(host: "::1", port: 514)
        #expect(settings.syslogPlainTextWarnings.isEmpty, "loopback is fine")
        settings.syslogTCPListen = HostAndPort(host: "0.0.0.0", port: 514)
        settings.syslogUDPListen = HostAndPort(host: "10.0.0.5", port: 514)
        // TLS for the other listeners changes nothing: plain syslog stays plain.
        settings.tls = TLSServerSettings(certificateFile: "c.pem", keyFile: "k.pem")
        let warnings = settings.syslogPlainTextWarnings
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("plain-syslog TCP listener on 0.0.0.0:514") == true, "\(warnings)")
        #expect(warnings.last?.contains("plain-syslog UDP listener on 10.0.0.5:514") == true, "\(warnings)")
    }
}
