import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct CollectorSettingsTests {
    @Test func defaultsAreValid() throws {
        let s = CollectorSettings()
        try s.validate()
        #expect(s.agentListen.description == "127.0.0.1:5170")
        #expect(s.httpListen.description == "127.0.0.1:5171")
        #expect(s.maxFrameBytes == 8 << 20)
        #expect(s.lostAfter == .seconds(60))
        #expect(s.wireLimits == WireLimits(maxFrameBytes: 8 << 20, maxUncompressedBatchBytes: 64 << 20))
        #expect(!s.requiresToken)
    }

    @Test(arguments: [
        (CollectorSettings(dataDirectory: ""), "dataDirectory"),
        (CollectorSettings(agentListen: HostAndPort(host: "", port: 1)), "agentListen"),
        (CollectorSettings(httpListen: HostAndPort(host: "h", port: 70_000)), "httpListen"),
        (CollectorSettings(maxConnections: 0), "maxConnections"),
        (CollectorSettings(maxFrameBytes: 100), "maxFrameBytes"),
        (CollectorSettings(maxUncompressedBatchBytes: 2 << 30), "maxUncompressedBatchBytes"),
        (CollectorSettings(helloTimeout: .zero), "helloTimeout"),
        (CollectorSettings(idleTimeout: .seconds(-1)), "idleTimeout"),
        (CollectorSettings(lostAfter: .zero), "lostAfter"),
    ])
    func invalidSettingsNameTheirKey(settings: CollectorSettings, key: String) {
        #expect(throws: SettingsError.self) { try settings.validate() }
        do {
            try settings.validate()
        } catch {
            #expect(error.key == key)
        }
    }

    @Test(arguments: [(Duration.milliseconds(99), false), (.milliseconds(100), true), (.seconds(30), true), (.seconds(3_600), true), (.seconds(3_601), false)])
    func verdictIntervalIsBetween100msAnd1h(interval: Duration, valid: Bool) {
        var settings = CollectorSettings()
        #expect(settings.verdictInterval == .seconds(30))
        settings.verdictInterval = interval
        do {
            try settings.validate()
            #expect(valid, "\(interval) accepted")
        } catch {
            #expect(!valid, "\(interval) refused: \(error)")
            #expect(error.key == "verdictInterval")
        }
    }

    @Test func frameLimitErrorSaysTheRange() {
        do {
            try CollectorSettings(maxFrameBytes: 100).validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "maxFrameBytes must be 4096–1073741824 bytes, got 100")
        }
    }

    @Test func tokenMakesItRequired() {
        #expect(CollectorSettings(fleetToken: "t").requiresToken)
        #expect(!CollectorSettings(fleetToken: "").requiresToken)
    }
}
