/// The thresholds behind an image's verdict (the rule file's optional `health:` section; snake_case
/// keys there, e.g. `failing_error_rate: 10%`). See docs/RULES.md, "Image health".
public struct HealthPolicy: Sendable, Hashable, Codable {
    /// (lost + quarantined) / instances at or above this: `degraded`.
    public var degradedUnhealthyShare: Double = 0.05
    /// … at or above this: `failing`.
    public var failingUnhealthyShare: Double = 0.25
    /// Lines at `err` or worse / all lines, at or above this: `degraded`.
    public var degradedErrorRate: Double = 0.02
    /// … at or above this: `failing`.
    public var failingErrorRate: Double = 0.10
    /// Crashes (service restarts and reboots) per instance at or above this: `degraded`.
    public var degradedCrashRate: Double = 0.2
    /// … at or above this: `failing`.
    public var failingCrashRate: Double = 1.0
    /// Metrics whose percentiles the report shows and whose samples the engine keeps for comparison.
    public var keyMetrics: [String] = ["cpu.busy", "mem.used_fraction", "disk.used_fraction"]
    /// Canary score (0–100) at or above this: the comparison passes.
    public var passScore: Double = 95
    /// Canary score below this: `failing`; between this and ``passScore``: `degraded`.
    public var marginalScore: Double = 75
    /// Significance level of the Mann–Whitney U test.
    public var alpha: Double = 0.05
    /// A significant difference counts only when the means differ by more than this share of the
    /// baseline's mean (Kayenta's effect size), so a tiny but consistent shift passes.
    public var effectTolerance: Double = 0.25
    /// Fewer values than this on either side: `NoData`.
    public var minSamples: Int = 3
    /// The compared metrics; empty means ``defaultCanaryMetrics(keyMetrics:)``.
    public var canaryMetrics: [CanaryMetric] = []

    public init() {}

    /// Error rate and crash rate (both critical), then every key metric.
    public static func defaultCanaryMetrics(keyMetrics: [String]) -> [CanaryMetric] {
        [CanaryMetric(name: CanaryMetric.errorRate, critical: true), CanaryMetric(name: CanaryMetric.crashRate, critical: true)]
            + keyMetrics.map { CanaryMetric(name: $0) }
    }

    /// The metrics compared against a baseline.
    public var effectiveCanaryMetrics: [CanaryMetric] {
        canaryMetrics.isEmpty ? Self.defaultCanaryMetrics(keyMetrics: keyMetrics) : canaryMetrics
    }
}
