import IILogsCore
import IILogsReports

/// A small fleet with fixed times for the assembler tests: `i-a` (image v1) runs out of memory and is lost
/// at ``end``; `i-b` and `i-c` are its running siblings; `i-d` ran the previous image v0; `i-e` (image v9)
/// has no data at all.
enum PostmortemAssemblerFixture {
    static let end = Timestamp(nanosecondsSinceEpoch: 1_795_427_667_000_000_000)  // 2026-11-23T09:54:27Z
    static let now = end.adding(nanoseconds: 3_600 * 1_000_000_000)

    static func at(_ secondsFromEnd: Int64) -> String { RFC3339.format(end.adding(nanoseconds: secondsFromEnd * 1_000_000_000)) }

    static func line(_ instance: String, _ t: Int64, _ severity: String, _ app: String, _ message: String) -> APILogLine {
        APILogLine(time: at(t), instance: instance, image: instance == "i-d" ? "v0" : "v1", severity: severity, facility: 1,
                   hostname: "h", app: app, procid: "", message: message, fields: nil)
    }

    static func instance(_ id: String, image: String, state: String, lastSeen: Int64, lines: Int, lastEvent: String? = nil) -> APIInstance {
        APIInstance(instance: id, image: image, boot: "boot-\(id)", labels: ["zone": "a"], state: state, firstSeen: at(-600),
                    lastSeen: at(lastSeen), lastLogTime: nil, lastEvent: lastEvent,
                    delivery: APIDelivery(batches: 1, lines: lines, duplicateBatches: 0, sequenceGaps: 0, agentDroppedRecords: 0,
                                          lastSequence: 1), events: nil)
    }

    /// cpu.busy (ratio) at end-90, -60, -30, 0.
    static func cpu(_ id: String, _ values: [Double]) -> APIMetricSeries {
        APIMetricSeries(instance: id, image: "v1", name: "cpu.busy", unit: "ratio", labels: nil, percentile: nil,
                        points: zip([-90, -60, -30, 0] as [Int64], values).map { APIMetricPoint(time: at($0), value: $1) })
    }

    static func net(_ id: String, device: String, _ bytesPerSecond: Double) -> APIMetricSeries {
        APIMetricSeries(instance: id, image: "v1", name: "net.rx_bytes", unit: "bytes/s", labels: ["device": device], percentile: nil,
                        points: [APIMetricPoint(time: at(0), value: bytesPerSecond)])
    }

    static let oom = "Out of memory: Killed process 1234 (app)"
    static let quota = "disk quota exceeded for user 5"

    static var source: FixedFleetDataSource {
        var lines: [APILogLine] = []
        for id in ["i-a", "i-b", "i-c"] {
            for k in Int64(0)..<290 { lines.append(line(id, -400 + k, "info", "app", "request handled id=\(k)")) }
            for t in [Int64(-100), -90, -80] { lines.append(line(id, t, "warning", "app", quota)) }
        }
        for t in Int64(-5)...(-1) { lines.append(line("i-a", t, "crit", "kernel", oom)) }
        lines.append(line("i-a", 10, "err", "app", "late error after the end"))
        lines.append(line("i-d", -50, "warning", "app", quota))
        lines.sort { $0.time < $1.time }
        let timeline = APITimeline(
            instance: "i-a", image: "v1", state: "lost",
            boots: [APIBoot(boot: "boot-1", firstSeen: at(-600), uptimeSeconds: nil, bootedAt: nil),
                    APIBoot(boot: "boot-2", firstSeen: at(-300), uptimeSeconds: nil, bootedAt: nil)],
            heartbeats: 10, heartbeatIntervalSeconds: 10, start: at(-600),
            entries: [
                entry(-600, kind: "event", name: "boot", boot: "boot-1", detail: "uptime 1s", source: "agent"),
                entry(-400, kind: "event", name: "agent-start", boot: "boot-1", detail: "iilogs-agent 0.1.0", source: "agent"),
                entry(-300, kind: "reboot", name: "reboot", boot: "boot-2", detail: "boot boot-1 → boot-2"),
                entry(60, kind: "end", name: "end", boot: nil, detail: "lost: last heard from at \(at(0)), no terminating event"),
            ])
        return FixedFleetDataSource(
            instanceList: [instance("i-a", image: "v1", state: "lost", lastSeen: 0, lines: 298),
                           instance("i-b", image: "v1", state: "running", lastSeen: 3_500, lines: 293),
                           instance("i-c", image: "v1", state: "running", lastSeen: 3_500, lines: 293),
                           instance("i-d", image: "v0", state: "terminated", lastSeen: -40, lines: 1, lastEvent: "shutdown"),
                           instance("i-e", image: "v9", state: "running", lastSeen: 3_500, lines: 0)],
            imageList: [APIImage(image: "v0", firstSeen: at(-9_000), lastSeen: at(-40), instances: 1, states: ["terminated": 1], lines: 1),
                        APIImage(image: "v1", firstSeen: at(-600), lastSeen: at(3_500), instances: 3, states: ["running": 2, "lost": 1],
                                 lines: 884),
                        APIImage(image: "v9", firstSeen: at(-600), lastSeen: at(3_500), instances: 1, states: ["running": 1], lines: 0)],
            lines: lines, timelines: ["i-a": timeline],
            series: ["i-a": [cpu("i-a", [0.1, 0.2, 0.5, 0.99]), net("i-a", device: "eth0", 1024), net("i-a", device: "eth1", 2048),
                             net("i-a", device: "lo", 99_999),
                             APIMetricSeries(instance: "i-a", image: "v1", name: "mem.used_bytes", unit: "bytes", labels: nil, percentile: nil,
                                             points: [APIMetricPoint(time: at(0), value: 1_048_576)])],
                     "i-b": [cpu("i-b", [0.1, 0.1, 0.2, 0.2])],
                     "i-c": [cpu("i-c", [0.2, 0.3, 0.3, 0.3])]])
    }

    static func entry(_ t: Int64, kind: String, name: String, boot: String?, detail: String, source: String? = nil) -> APITimelineEntry {
        APITimelineEntry(time: at(t), offsetSeconds: nil, kind: kind, name: name, source: source, boot: boot, detail: detail, from: nil,
                         to: nil, until: nil, stream: nil, firstMissingSequence: nil, lastMissingSequence: nil)
    }

    static func assembler(lastLines: Int = 200, source: FixedFleetDataSource = source) -> PostmortemAssembler {
        var options = PostmortemAssembler.Options(now: now)
        options.lastLines = lastLines
        return PostmortemAssembler(source: source, sourceDescription: "fixture", options: options)
    }
}
