public import IILogsCore

extension DashboardFrame {
    /// The frame for the API's answers: one row per image version of `images` with its activity (lines per second
    /// from the newest step, error rate over the window) and verdict, most active first (alive instances, then
    /// lines over the window, then version).
    public static func build(source: String, time: Timestamp, images: [APIImage], activity: APIActivityResponse,
                             flags: [Flag], verdicts: [String: String] = [:], notes: [String] = []) -> DashboardFrame {
        let step = DurationParser.parse(activity.step) ?? .seconds(60)
        let byImage = Dictionary(activity.images.map { ($0.image, $0) }, uniquingKeysWith: { first, _ in first })
        let steps = activity.images.map(\.lines.count).max() ?? 0
        let stepSeconds = Double(step.totalNanoseconds) / 1_000_000_000
        let rows = images.map { image -> ImageRow in
            let counts = byImage[image.image]
            let lines = counts?.lines ?? Array(repeating: 0, count: steps)
            let windowLines = lines.reduce(0, +)
            let errors = counts?.errors.reduce(0, +) ?? 0
            return ImageRow(image: image.image, instances: image.instances,
                            alive: (image.states["running"] ?? 0) + (image.states["terminating"] ?? 0),
                            lost: image.states["lost"] ?? 0, quarantined: image.states["quarantined"] ?? 0,
                            linesPerSecond: stepSeconds > 0 ? Double(lines.last ?? 0) / stepSeconds : 0,
                            windowLines: windowLines, errorRate: windowLines > 0 ? Double(errors) / Double(windowLines) : nil,
                            verdict: verdicts[image.image], series: lines.map(Double.init))
        }.sorted { a, b in
            (-a.alive, -a.windowLines, a.image) < (-b.alive, -b.windowLines, b.image)
        }
        let window: Duration
        if let since = RFC3339.parse(activity.since), let until = RFC3339.parse(activity.until), until > since {
            window = .nanoseconds(until.nanosecondsSinceEpoch - since.nanosecondsSinceEpoch)
        } else {
            window = .nanoseconds(step.totalNanoseconds * Int64(steps))
        }
        return DashboardFrame(source: source, time: time, step: step, window: window, images: rows,
                              flags: flags.sorted { $0.time > $1.time }, notes: notes)
    }
}

extension DashboardFrame.Flag {
    /// The dashboard's view of an API flag (a time the API cannot parse sorts as the epoch).
    public init(_ flag: APIFlag) {
        self.init(time: RFC3339.parse(flag.time) ?? .zero, instance: flag.instance, image: flag.image, rule: flag.rule,
                  action: flag.action, reason: flag.reason)
    }
}
