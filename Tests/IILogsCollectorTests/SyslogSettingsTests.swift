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
}
