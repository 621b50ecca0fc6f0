import IILogsCore
import IILogsStore
import Testing
@testable import IILogsCollector

@Suite struct APIModelsStoreTests {
    let t = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_001)

    @Test func logLineCarriesEveryField() {
        let record = LogRecord(time: t, severity: .critical, facility: 4, hostname: "h", app: "sshd", procID: "12",
                               message: "m", fields: [LogField("a", "1"), LogField("a", "2"), LogField("b", "3")])
        let line = APILogLine(StoredLogLine(instanceID: "i", imageVersion: "v", record: record))
        #expect(line == APILogLine(time: "2027-01-15T08:00:00.000000001Z", instance: "i", image: "v", severity: "crit", facility: 4,
                                   hostname: "h", app: "sshd", procid: "12", message: "m", fields: ["a": "2", "b": "3"]))
        #expect(APILogLine(StoredLogLine(instanceID: "i", imageVersion: "v", record: LogRecord(time: t, message: "x"))).fields == nil)
    }

    @Test func instanceWithAndWithoutEvents() {
        var delivery = DeliveryStats()
        delivery.batches = 3
        delivery.lastSequence = 9
        let summary = InstanceSummary(identity: InstanceIdentity(instanceID: "i", imageVersion: "v", bootID: "b", labels: ["r": "eu"]),
                                      state: .lost, firstSeen: .zero, lastSeen: t, lastLogTime: nil, lastEvent: "heartbeat", delivery: delivery)
        let plain = APIInstance(summary)
        #expect(plain.state == "lost")
        #expect(plain.firstSeen == "1970-01-01T00:00:00.000000000Z")
        #expect(plain.lastLogTime == nil)
        #expect(plain.events == nil)
        #expect(plain.delivery == APIDelivery(batches: 3, lines: 0, duplicateBatches: 0, sequenceGaps: 0, agentDroppedRecords: 0, lastSequence: 9))
        let event = StoredEvent(instanceID: "i", event: LifecycleEvent(time: t, name: .terminating, bootID: "b", detail: "spot"), receivedAt: t)
        #expect(APIInstance(summary, events: [event]).events == [APIEvent(time: "2027-01-15T08:00:00.000000001Z", name: "terminating",
                                                                         boot: "b", detail: "spot", fields: nil)])
    }

    @Test func imageStatesByName() {
        let image = APIImage(ImageSummary(imageVersion: "v", firstSeen: .zero, lastSeen: t, instances: 3,
                                          byState: [.running: 2, .quarantined: 1], lines: 10))
        #expect(image.states == ["running": 2, "quarantined": 1])
        #expect(image.instances == 3)
    }
}
