import IILogsCore
@testable import IILogsReports
import Testing

@Suite struct ImageTableTests {
    @Test func imagesShowAliveTerminatedLostAndQuarantinedCounts() {
        let image = APIImage(image: "v1", firstSeen: "2026-11-23T09:00:00.000000000Z", lastSeen: "2026-11-23T09:05:00.000000000Z",
                             instances: 7, states: ["running": 2, "terminating": 1, "terminated": 2, "lost": 1, "quarantined": 1], lines: 10)
        let lines = InstanceTable.render([image]).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first == ["IMAGE", "INSTANCES", "ALIVE", "RUNNING", "TERMINATING", "TERMINATED", "LOST", "QUARANTINED", "LINES", "LAST", "SEEN"])
        #expect(lines.last == ["v1", "7", "3", "2", "1", "2", "1", "1", "10", "2026-11-23", "09:05:00"])
    }
}
