import IILogsCore
import IILogsReports

/// A fixed post-mortem (fixed times, no `Date()`, no randomness) for the renderer golden files.
enum PostmortemFixture {
    static let end = Timestamp(nanosecondsSinceEpoch: 1_795_427_667_000_000_000)  // 2026-11-23T09:54:27Z

    static func at(_ secondsBeforeEnd: Int64) -> String { RFC3339.format(end.adding(nanoseconds: -secondsBeforeEnd * 1_000_000_000)) }

    static let oomTemplate = LogTemplate(
        template: "[<NUM>] Out of memory: Killed process <NUM> (java) total-vm:<NUM>, anon-rss:<NUM>, file-rss:<NUM>, shmem-rss:<NUM>, UID:<NUM> pgtables:<NUM> oom_score_adj:<NUM>",
        count: 2, firstSeen: at(95), lastSeen: at(12), app: "kernel",
        example: "[1843.229115] Out of memory: Killed process 2291 (java) total-vm:8123456kB, anon-rss:3911220kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8120kB oom_score_adj:0",
        severities: ["err": 2])
    static let poolTemplate = LogTemplate(
        template: "ERROR [http-nio-<NUM>-exec-<NUM>] c.a.orders.OrderController - Request failed for order <NUM>",
        count: 14, firstSeen: at(600), lastSeen: at(20), app: "orders",
        example: "ERROR [http-nio-8080-exec-3] c.a.orders.OrderController - Request failed for order 8812",
        exampleContinuation: [
            "java.lang.IllegalStateException: Connection pool exhausted after 30000ms",
            "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)",
            "\tat com.acme.orders.OrderRepository.find(OrderRepository.java:44)",
            "\t... 87 more",
            "Caused by: java.net.SocketTimeoutException: Read timed out",
        ],
        severities: ["err": 14])
    static let restartTemplate = LogTemplate(
        template: "orders.service: Scheduled restart job, restart counter is at <NUM>.",
        count: 3, firstSeen: at(90), lastSeen: at(10), app: "systemd",
        example: "orders.service: Scheduled restart job, restart counter is at 1.", severities: ["warning": 3])
    static let injectedTemplate = LogTemplate(
        template: "bad request <STR> from <IP> | <*>", count: 1, firstSeen: at(30), lastSeen: at(30), app: "nginx",
        example: #"bad request "<script>alert(1)</script>" from 10.0.1.9 | `x`"#, severities: ["warning": 1])

    static let templates = TemplateMinerResult(templates: [poolTemplate, restartTemplate, oomTemplate, injectedTemplate], messages: 20,
                                               foldedLines: 61, truncatedMessages: 0, evictedTemplates: 0, evictedMessages: 0)

    /// 31 points, 20 s apart, ending at the end of life: a smooth rise (cpu, memory), a step (disk),
    /// a collapse (network). Values are exact binary fractions so every platform prints the same digits.
    static func series(_ f: (Int) -> Double, band: ((Int) -> (Double, Double))? = nil) -> [PostmortemMetricPoint] {
        (0...30).map { i in
            let b = band?(i)
            return PostmortemMetricPoint(time: at(Int64(30 - i) * 20), value: f(i), siblingMin: b?.0, siblingMax: b?.1)
        }
    }

    static let metrics = [
        PostmortemMetricSeries(name: "cpu", unit: "%", points: series({ i in i < 20 ? 22 + Double(i % 4) : 40 + Double(i - 20) * 5.5 },
                                                            band: { i in (12 + Double(i % 3), 35 + Double(i % 2)) })),
        PostmortemMetricSeries(name: "memory", unit: "MiB", points: series({ i in 1800 + Double(i) * 70.25 }, band: { _ in (1500, 2100) })),
        PostmortemMetricSeries(name: "disk", unit: "%", points: series { i in i < 15 ? 61.5 : 62.75 }, siblingRange: ValueRange(min: 55, max: 70)),
        PostmortemMetricSeries(name: "network-rx", unit: "KiB/s", points: series { i in i < 28 ? 340 + Double(i % 5) * 12.5 : 0 }),
    ]

    static let instanceReport = PostmortemReport(
        generatedAt: "2026-11-23T10:15:00.000000000Z",
        dataSource: "collector http://10.0.0.5:8080",
        identity: PostmortemIdentity(
            instance: "i-0a1b2c3d4e5f", image: "orders-v42", state: "lost", firstSeen: "2026-11-23T08:02:11.000000000Z",
            lastSeen: at(0), end: at(0), endReason: "lost: no heartbeat for 90s after the last line",
            boots: [ReportBoot(id: "b-7f3e", firstSeen: "2026-11-23T08:02:11.000000000Z", lastSeen: "2026-11-23T09:12:40.000000000Z"),
                    ReportBoot(id: "b-91c2", firstSeen: "2026-11-23T09:13:05.000000000Z", lastSeen: at(0))],
            labels: ["az": "eu-west-1b", "role": "orders-api", "env": "prod"]),
        timeline: [
            TimelineEntry(time: "2026-11-23T08:02:11.000000000Z", kind: "boot", text: "boot b-7f3e, agent 0.4.0 connected"),
            TimelineEntry(time: "2026-11-23T09:12:40.000000000Z", kind: "reboot", text: "kernel panic suspected: no terminating event, new boot 25 s later"),
            TimelineEntry(time: "2026-11-23T09:13:05.000000000Z", kind: "boot", text: "boot b-91c2"),
            TimelineEntry(time: at(95), kind: "flag", text: "oom-kill rule: quarantine"),
            TimelineEntry(time: at(0), kind: "lost", text: "heartbeats stopped; no terminating event"),
        ],
        flags: [QuarantineFlagEntry(rule: "oom-kill", action: "quarantine", reason: "the kernel killed a process for lack of memory",
                                    time: at(95), evidence: [
                                        "2026-11-23T09:52:52Z kernel err [1843.229115] Out of memory: Killed process 2291 (java) total-vm:8123456kB",
                                    ])],
        lastLinesRequested: 200,
        lastLines: [
            ReportLogLine(time: at(30), severity: "warning", app: "nginx", message: #"bad request "<script>alert(1)</script>" from 10.0.1.9 | `x`"#),
            ReportLogLine(time: at(20), severity: "err", app: "orders",
                          message: "ERROR [http-nio-8080-exec-9] c.a.orders.OrderController - Request failed for order 9311: Connection pool exhausted after 30000ms while waiting for a connection from the pool of 10"),
            ReportLogLine(time: at(12), severity: "err", app: "kernel", message: "[1851.007731] Out of memory: Killed process 2402 (java) total-vm:8120040kB"),
            ReportLogLine(time: at(10), severity: "warning", app: "systemd", message: "orders.service: Scheduled restart job, restart counter is at 3."),
            ReportLogLine(time: at(0), severity: "info", app: "", message: "tab\there & bell\u{07}"),
        ],
        templates: templates,
        metrics: metrics,
        siblings: SiblingComparison(
            siblingCount: 7, uniqueTemplates: [oomTemplate],
            metricsOutsideRange: [MetricDeviation(metric: "cpu", unit: "%", time: at(0), value: 95, siblingMin: 12, siblingMax: 35),
                                  MetricDeviation(metric: "memory", unit: "MiB", time: at(0), value: 3907.5, siblingMin: 1500, siblingMax: 2100)]),
        notes: ["Metrics come from the agent's 20 s samples; the last sample is 0 s before the end."])

    static let imageReport = ImagePostmortemReport(
        generatedAt: "2026-11-23T10:20:00.000000000Z", dataSource: "data folder /var/lib/iilogs", image: "orders-v42",
        previousImage: "orders-v41",
        instances: ImageInstanceCounts(total: 8, running: 5, terminated: 1, lost: 1, quarantined: 1),
        worstInstances: [
            WorstInstance(instance: "i-0a1b2c3d4e5f", state: "lost", score: 9.5, reasons: ["lost with no terminating event", "2 OOM kills"]),
            WorstInstance(instance: "i-77aa0b1c", state: "quarantined", score: 4.25, reasons: ["error rate 3.1× the image median"]),
        ],
        templates: templates, newTemplates: [oomTemplate, injectedTemplate],
        notes: ["orders-v41 ran 6 instances over the same hours."])
}
