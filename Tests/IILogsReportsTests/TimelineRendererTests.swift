import IILogsCore
@testable import IILogsReports
import Testing

@Suite struct TimelineRendererTests {
    static let timeline = APITimeline(
        instance: "i-1", image: "v1", state: "terminated",
        boots: [APIBoot(boot: "b1", firstSeen: "2026-11-23T09:00:00.000000000Z", uptimeSeconds: 12.5, bootedAt: nil)],
        heartbeats: 3, heartbeatIntervalSeconds: 1, start: "2026-11-23T09:00:00.000000000Z",
        entries: [
            APITimelineEntry(time: "2026-11-23T09:00:00.000000000Z", offsetSeconds: 0, kind: "event", name: "launched", source: "deployer",
                             boot: nil, detail: "", from: nil, to: nil, until: nil, stream: nil, firstMissingSequence: nil, lastMissingSequence: nil),
            APITimelineEntry(time: "2026-11-23T09:01:05.250000000Z", offsetSeconds: 65.25, kind: "end", name: "end", source: nil,
                             boot: nil, detail: "terminated by the deployer", from: nil, to: "terminated", until: nil, stream: nil,
                             firstMissingSequence: nil, lastMissingSequence: nil),
        ])

    @Test func offsets() {
        #expect(TimelineRenderer.offset(0) == "+0.000s")
        #expect(TimelineRenderer.offset(5.25) == "+5.250s")
        #expect(TimelineRenderer.offset(65.25) == "+1m05.250s")
        #expect(TimelineRenderer.offset(7384) == "+2h03m04s")
    }

    @Test func textIsAlignedWithUTCTimesAndNoTrailingSpaces() {
        let lines = TimelineRenderer.render(Self.timeline, format: .text).split(separator: "\n").map(String.init)
        #expect(lines.first == "instance i-1  image v1  state terminated")
        #expect(lines.contains("  b1  first seen 2026-11-23T09:00:00.000Z  uptime 12.500s"))
        #expect(lines.contains("TIME                      OFFSET      KIND   WHAT      SOURCE    DETAIL"))
        #expect(lines.contains("2026-11-23T09:00:00.000Z  +0.000s     event  launched  deployer"))
        #expect(lines.last == "2026-11-23T09:01:05.250Z  +1m05.250s  end    end       -         terminated by the deployer")
    }

    @Test func jsonlIsOneEntryPerLine() throws {
        let lines = TimelineRenderer.render(Self.timeline, format: .jsonl).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"name\":\"launched\"") == true)
    }
}
