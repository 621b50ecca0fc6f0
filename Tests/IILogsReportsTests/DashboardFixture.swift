import IILogsCore
import IILogsReports

/// A fixed fleet for the dashboard tests: four image versions (one old, all terminated), two open flags.
enum DashboardFixture {
    /// 2026-11-23 14:40:00Z.
    static let now = RFC3339.parse("2026-11-23T14:40:00Z")!

    static func ago(_ seconds: Int) -> String { RFC3339.format(now.adding(nanoseconds: -Int64(seconds) * 1_000_000_000)) }

    static let images: [APIImage] = [
        APIImage(image: "v2.0.9", firstSeen: ago(86_400), lastSeen: ago(7_200), instances: 4, states: ["terminated": 4], lines: 90_000),
        APIImage(image: "v2.1.0", firstSeen: ago(7_200), lastSeen: ago(1), instances: 5,
                 states: ["running": 3, "terminating": 1, "terminated": 1], lines: 512_000),
        APIImage(image: "v2.1.1-canary", firstSeen: ago(1_800), lastSeen: ago(2), instances: 3,
                 states: ["running": 1, "lost": 1, "quarantined": 1], lines: 40_000),
        APIImage(image: "build-2026-11-23-nightly-with-a-very-long-name", firstSeen: ago(600), lastSeen: ago(3), instances: 1,
                 states: ["running": 1], lines: 1_200),
    ]

    /// 30 steps of 1 minute: v2.1.0 ramps up to ~600 lines/min, the canary is noisy with errors, the nightly is new.
    static let activity = APIActivityResponse(
        since: ago(1_800), until: ago(0), step: "1m",
        images: [
            APIImageActivity(image: "build-2026-11-23-nightly-with-a-very-long-name",
                             lines: Array(repeating: 0, count: 20) + Array(repeating: 12, count: 10), errors: Array(repeating: 0, count: 30)),
            APIImageActivity(image: "v2.0.9", lines: Array(repeating: 0, count: 30), errors: Array(repeating: 0, count: 30)),
            APIImageActivity(image: "v2.1.0", lines: (0..<30).map { 300 + 10 * $0 }, errors: (0..<30).map { $0 % 10 == 0 ? 3 : 0 }),
            APIImageActivity(image: "v2.1.1-canary", lines: (0..<30).map { $0 % 3 == 0 ? 120 : 40 },
                             errors: (0..<30).map { $0 % 3 == 0 ? 30 : 1 }),
        ])

    static let flags: [DashboardFrame.Flag] = [
        DashboardFrame.Flag(time: now.adding(nanoseconds: -300 * 1_000_000_000), instance: "i-0c4a", image: "v2.1.1-canary",
                            rule: "disk-errors", action: "warn", reason: "5 lines matching 'I/O error' in 10m"),
        DashboardFrame.Flag(time: now.adding(nanoseconds: -95 * 1_000_000_000), instance: "i-0b7f", image: "v2.1.1-canary",
                            rule: "oom-kill", action: "quarantine", reason: "3 lines matching 'Out of memory' in 5m (threshold 2)"),
    ]

    static let verdicts = ["v2.1.0": "healthy", "v2.1.1-canary": "failing", "v2.0.9": "healthy",
                           "build-2026-11-23-nightly-with-a-very-long-name": "degraded"]

    static var frame: DashboardFrame {
        DashboardFrame.build(source: "http://127.0.0.1:5171", time: now, images: images, activity: activity, flags: flags, verdicts: verdicts)
    }
}
