public import IILogsCore

/// The agent's metrics settings: the `/proc` sampler and the StatsD listener (docs/CONFIG.md, docs/METRICS.md).
public struct MetricsSettings: Sendable, Hashable {
    /// `metrics.interval`: between samples of `/proc` and the agent's counters; nil turns the sampler off.
    public var interval: Duration? = .seconds(10)
    /// `metrics.root`: folder holding `proc/` and `sys/` (`/`, or a host root mounted into a container).
    public var root = "/"
    /// `statsd.udp`: loopback StatsD UDP listener `HOST:PORT`, nil for none.
    public var statsdUDP: String?
    /// `statsd.socket`: StatsD unix datagram socket path, nil for none.
    public var statsdSocketPath: String?
    /// `statsd.flushInterval`: how often aggregated StatsD samples are submitted.
    public var statsdFlushInterval: Duration = .seconds(10)
    /// `statsd.maxLineBytes`: longer lines are refused and counted.
    public var statsdMaxLineBytes = StatsDParser.defaultMaxLineBytes
    /// `statsd.maxNamesPerInterval`: distinct series per flush interval; further updates are dropped and counted.
    public var statsdMaxNamesPerInterval = StatsDAggregator.Limits.defaultMaxNames
    /// `statsd.maxTimerSamples`: timer values kept per series per interval for percentiles.
    public var statsdMaxTimerSamples = StatsDAggregator.Limits.defaultMaxTimerSamples

    public init() {}

    /// True when a StatsD listener is configured.
    public var statsdEnabled: Bool { statsdUDP != nil || statsdSocketPath != nil }

    /// Parses `--metrics-interval`: a duration, or `0`/`off` for no sampling; nil when unreadable.
    public static func parseInterval(_ text: String) -> Duration?? {
        if text == "0" || text == "off" { return .some(nil) }
        guard let duration = DurationParser.parse(text) else { return nil }
        return .some(duration)
    }

    /// Checks every value; the error names the key.
    public func validate() throws(SettingsError) {
        func fail(_ key: String, _ problem: String) -> SettingsError { SettingsError(key: key, problem: problem) }
        if let interval, interval < .seconds(1) || interval > .seconds(3600) {
            throw fail("metrics.interval", "must be 1s–1h, or off, got \(interval)")
        }
        if root.isEmpty || !root.hasPrefix("/") { throw fail("metrics.root", "must be an absolute path, got \"\(root)\"") }
        if let udp = statsdUDP, HostAndPort(parsing: udp) == nil { throw fail("statsd.udp", "must be HOST:PORT, got \"\(udp)\"") }
        if let path = statsdSocketPath {
            if path.isEmpty { throw fail("statsd.socket", "must not be empty") }
            if path.utf8.count > AgentSettings.maximumSocketPathBytes {
                throw fail("statsd.socket", "path is \(path.utf8.count) bytes; mustn't exceed \(AgentSettings.maximumSocketPathBytes)")
            }
        }
        if statsdFlushInterval < .seconds(1) || statsdFlushInterval > .seconds(3600) {
            throw fail("statsd.flushInterval", "must be 1s–1h, got \(statsdFlushInterval)")
        }
        if !(64...65_507).contains(statsdMaxLineBytes) { throw fail("statsd.maxLineBytes", "must be 64–65507, got \(statsdMaxLineBytes)") }
        if !(1...100_000).contains(statsdMaxNamesPerInterval) {
            throw fail("statsd.maxNamesPerInterval", "must be 1–100000, got \(statsdMaxNamesPerInterval)")
        }
        if !(1...100_000).contains(statsdMaxTimerSamples) {
            throw fail("statsd.maxTimerSamples", "must be 1–100000, got \(statsdMaxTimerSamples)")
        }
    }
}
