/// Bounds on the engine's memory and output. Every per-instance structure is capped by one of these.
public struct EngineLimits: Sendable, Hashable {
    /// Instances tracked at once; records of further instances are counted in
    /// ``RuleEngine/Counters/untrackedRecords`` and not evaluated.
    public var maxInstances: Int = 100_000
    /// Evidence items kept per rule window and attached to a flag.
    public var maxEvidencePerFlag: Int = 10
    /// Longest text kept per evidence item (UTF-8 bytes, cut on a character boundary).
    public var maxEvidenceTextBytes: Int = 512
    /// Series tracked per `metric_threshold` rule per instance (distinct label sets); more are ignored.
    public var maxSeriesPerRule: Int = 16
    /// Services tracked per `crash_loop` rule per instance; more are ignored.
    public var maxServicesPerRule: Int = 32
    /// Recent samples kept per key metric per instance for image health.
    public var healthSamplesPerMetric: Int = 120
    /// A series whose last sample is older than this is stale: `tick` does not fire a held threshold on it.
    public var metricStaleness: Duration = .seconds(300)
    /// Instances silent for this long are forgotten at `tick` (their flags were already returned).
    public var forgetAfter: Duration = .seconds(6 * 3_600)
    /// Silence after which an instance counts as lost in image health when no `heartbeat_missing` rule exists.
    public var defaultLostAfter: Duration = .seconds(120)

    public init() {}
}
