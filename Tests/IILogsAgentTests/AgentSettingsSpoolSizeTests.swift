import IILogsAgent
import IILogsCore
import Testing

@Suite struct AgentSettingsSpoolSizeTests {
    func settings() -> AgentSettings {
        AgentSettings(collectorHost: "collector", collectorPort: 7400, identity: InstanceIdentity(instanceID: "i-1", imageVersion: "v1"),
                      spoolDirectory: "/var/lib/iilogs/spool")
    }

    @Test(arguments: [1, 2, 15, 16, 64, 256, 4096])
    func everySpoolFromTheMinimumUpIsValid(mebibytes: Int) throws {
        var s = settings()
        s.setSpoolMaxBytes(mebibytes << 20)
        try s.validate()
        #expect(s.spoolMaxBytes == mebibytes << 20)
        #expect(s.spoolSegmentBytes <= max(AgentSettings.minimumSegmentBytes, s.spoolMaxBytes / 8))
        #expect(s.batchMaxBytes <= s.spoolSegmentBytes)
    }

    @Test func largeSpoolsKeepTheDefaultSizes() {
        var s = settings()
        let defaults = (s.spoolSegmentBytes, s.batchMaxBytes)
        s.setSpoolMaxBytes(1 << 30)
        #expect((s.spoolSegmentBytes, s.batchMaxBytes) == defaults)
    }

    @Test func aOneMebibyteSpoolDropsAnEighthAtATime() {
        var s = settings()
        s.setSpoolMaxBytes(1 << 20)
        #expect(s.spoolSegmentBytes == 128 << 10)
        #expect(s.batchMaxBytes == 128 << 10)
    }
}
