public import IILogsCore

/// One frame of `iilogs dash`: the fleet by image version, as the collector (or a data folder) saw it at `time`.
///
/// Pure data, built from the API's answers by ``build(source:time:images:activity:flags:verdicts:notes:)``
/// and drawn by ``DashboardRenderer``.
public struct DashboardFrame: Sendable, Hashable {
    /// One image version's row.
    public struct ImageRow: Sendable, Hashable {
        public var image: String
        public var instances: Int
        /// Running or terminating.
        public var alive: Int
        public var lost: Int
        public var quarantined: Int
        /// Lines in the newest step divided by the step's seconds.
        public var linesPerSecond: Double
        /// Lines over the whole window.
        public var windowLines: Int
        /// Error-or-worse lines over the window divided by its lines; nil when it had none.
        public var errorRate: Double?
        /// `healthy`, `degraded` or `failing`; nil when unknown (offline, or rules off).
        public var verdict: String?
        /// Lines per step over the window, oldest first (the sparkline).
        public var series: [Double]

        public init(image: String, instances: Int, alive: Int, lost: Int, quarantined: Int, linesPerSecond: Double, windowLines: Int,
                    errorRate: Double?, verdict: String?, series: [Double]) {
            self.image = image
            self.instances = instances
            self.alive = alive
            self.lost = lost
            self.quarantined = quarantined
            self.linesPerSecond = linesPerSecond
            self.windowLines = windowLines
            self.errorRate = errorRate
            self.verdict = verdict
            self.series = series
        }
    }

    /// An open flag on an instance.
    public struct Flag: Sendable, Hashable {
        public var time: Timestamp
        public var instance: String
        public var image: String
        public var rule: String
        /// `quarantine` or `warn`.
        public var action: String
        public var reason: String

        public init(time: Timestamp, instance: String, image: String, rule: String, action: String, reason: String) {
            self.time = time
            self.instance = instance
            self.image = image
            self.rule = rule
            self.action = action
            self.reason = reason
        }
    }

    /// The collector's URL or the data folder.
    public var source: String
    public var time: Timestamp
    public var step: Duration
    public var window: Duration
    /// Most active first (see ``build(source:time:images:activity:flags:verdicts:notes:)``).
    public var images: [ImageRow]
    /// Newest first.
    public var flags: [Flag]
    /// Short remarks shown under the header (e.g. why verdicts are missing).
    public var notes: [String]
    /// The last line, e.g. the keys of the live mode; nil for none.
    public var footer: String?

    public init(source: String, time: Timestamp, step: Duration, window: Duration, images: [ImageRow], flags: [Flag],
                notes: [String] = [], footer: String? = nil) {
        self.source = source
        self.time = time
        self.step = step
        self.window = window
        self.images = images
        self.flags = flags
        self.notes = notes
        self.footer = footer
    }

    public var alive: Int { images.reduce(0) { $0 + $1.alive } }
    public var lost: Int { images.reduce(0) { $0 + $1.lost } }
    public var quarantined: Int { images.reduce(0) { $0 + $1.quarantined } }
    public var linesPerSecond: Double { images.reduce(0) { $0 + $1.linesPerSecond } }
    /// Over the window, across images; nil when there were no lines.
    public var errorRate: Double? {
        let lines = images.reduce(0) { $0 + $1.windowLines }
        guard lines > 0 else { return nil }
        let errors = images.reduce(0.0) { $0 + ($1.errorRate ?? 0) * Double($1.windowLines) }
        return errors / Double(lines)
    }
}
