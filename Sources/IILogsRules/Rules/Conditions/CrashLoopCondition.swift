/// `crash_loop`: fires when the same service restarts (or the instance boots) `count` times within `window`.
public struct CrashLoopCondition: Sendable, Hashable {
    /// What counts as one crash.
    public enum Source: Sendable, Hashable {
        /// `boot` lifecycle events of the instance.
        case boots
        /// Log lines matching this (systemd's `Scheduled restart job` by default), counted per service:
        /// the service is the message's prefix before `": "` when it has no space (`nginx.service`),
        /// else the line's app.
        case restarts(LogMatch)
    }

    public var source: Source
    /// Crashes within the window needed to fire (≥ 2).
    public var count: Int
    public var window: Duration

    public init(source: Source, count: Int, window: Duration) {
        self.source = source
        self.count = count
        self.window = window
    }

    /// The default restart line: systemd's, one per automatic restart of a unit.
    public static let systemdRestart = LogMatch(apps: ["systemd"], contains: ["Scheduled restart job"])
}
