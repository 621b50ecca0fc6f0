/// The verdict on an image version with its reasons: the body of `GET /v1/images/V/health`.
///
/// Field names are stable. An Argo Rollouts web metric reads `$.verdict` (successCondition
/// `result == "healthy"`) or `$.score` (present only with a baseline).
public struct ImageHealthReport: Sendable, Hashable, Codable {
    public var imageVersion: String
    public var baselineImageVersion: String?
    public var verdict: HealthVerdict
    /// ``HealthVerdict/exitCode`` of the verdict, for scripts that read the JSON.
    public var exitCode: Int32
    /// Canary score 0–100 (share of passing metrics, weighted), nil without a baseline or comparable data.
    public var score: Double?
    public var instances: InstanceCounts
    /// Lines at `err` or worse / all lines over the image's instances, nil without lines.
    public var errorRate: Double?
    /// Crashes per instance, nil without instances.
    public var crashRate: Double?
    /// Percentiles of the key metrics over the image's instances.
    public var keyMetrics: [MetricSummary]
    /// The canary comparison per metric (empty without a baseline).
    public var metrics: [CanaryMetricResult]
    /// Why the verdict is what it is, worst first; empty when healthy with nothing to say.
    public var reasons: [String]

    public struct InstanceCounts: Sendable, Hashable, Codable {
        public var total = 0
        public var alive = 0
        public var lost = 0
        public var terminated = 0
        public var quarantined = 0
    }
}

/// A sample's summary as reports show it.
public struct MetricSummary: Sendable, Hashable, Codable {
    public var name: String
    public var count: Int
    public var mean: Double?
    public var min: Double?
    public var p50: Double?
    public var p90: Double?
    public var p99: Double?
    public var max: Double?

    public init(name: String, values: [Double]) {
        let sorted = values.sorted()
        self.name = name
        self.count = sorted.count
        self.mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
        self.min = sorted.first
        self.p50 = Percentiles.percentile(sorted: sorted, 50)
        self.p90 = Percentiles.percentile(sorted: sorted, 90)
        self.p99 = Percentiles.percentile(sorted: sorted, 99)
        self.max = sorted.last
    }
}

/// One metric of the canary comparison, Kayenta-style.
public struct CanaryMetricResult: Sendable, Hashable, Codable {
    /// Kayenta's classifications, spelled as Kayenta spells them.
    public enum Classification: String, Sendable, Hashable, Codable, CaseIterable {
        case pass = "Pass", high = "High", low = "Low", noData = "NoData"
    }

    public var name: String
    public var classification: Classification
    public var reason: String
    public var baseline: MetricSummary
    public var canary: MetricSummary
    /// Mann–Whitney U p-value (directional per the metric's direction), nil for NoData.
    public var pValue: Double?
    public var direction: CanaryMetric.Direction
    public var weight: Double
    public var critical: Bool
}
