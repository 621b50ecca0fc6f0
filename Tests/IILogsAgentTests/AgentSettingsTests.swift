import IILogsAgent
import IILogsCore
import Testing

@Suite struct AgentSettingsTests {
    func settings() -> AgentSettings {
        AgentSettings(collectorHost: "collector", collectorPort: 7400, identity: InstanceIdentity(instanceID: "i-1", imageVersion: "v1"),
                      spoolDirectory: "/var/lib/iilogs/spool")
    }

    @Test func defaultsAreValid() throws {
        try settings().validate()
        #expect(settings().effectiveControlSocketPath == "/var/lib/iilogs/spool/control.sock")
    }

    @Test func errorsNameTheKeyAndTheLimit() {
        var s = settings()
        s.spoolMaxBytes = 10 << 10
        #expect(throws: SettingsError(key: "spool.maxBytes", problem: "must be at least 1MiB, got 10KiB")) { try s.validate() }
        s = settings()
        s.collectorPort = 0
        #expect(throws: SettingsError.self) { try s.validate() }
        s = settings()
        s.identity.imageVersion = ""
        #expect { try s.validate() } throws: { ($0 as? SettingsError)?.key == "identity.imageVersion" }
        s = settings()
        s.reconnectMaxBackoff = .milliseconds(1)
        #expect { try s.validate() } throws: { ($0 as? SettingsError)?.key == "reconnect.maxBackoff" }
        s = settings()
        s.syslogUDP = "nonsense"
        #expect { try s.validate() } throws: { ($0 as? SettingsError)?.key == "syslog.udp" }
        s = settings()
        s.spoolDirectory = "/" + String(repeating: "d", count: 120)
        #expect { try s.validate() } throws: { ($0 as? SettingsError)?.key == "control.socket" }
    }

    @Test func ackTimeoutIsOneSecondToTenMinutes() throws {
        var s = settings()
        #expect(s.ackTimeout == .seconds(60))
        s.ackTimeout = .milliseconds(500)
        #expect(throws: SettingsError(key: "shipper.ackTimeout", problem: "must be 1s–600s, got 500ms")) { try s.validate() }
        s.ackTimeout = .seconds(3600)
        #expect(throws: SettingsError(key: "shipper.ackTimeout", problem: "must be 1s–600s, got 1h")) { try s.validate() }
        s.ackTimeout = .zero
        #expect { try s.validate() } throws: { ($0 as? SettingsError)?.key == "shipper.ackTimeout" }
        for valid in [Duration.seconds(1), .seconds(2), .seconds(600)] {
            s.ackTimeout = valid
            try s.validate()
        }
    }
}
