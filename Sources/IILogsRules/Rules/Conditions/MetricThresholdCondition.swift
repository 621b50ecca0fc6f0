/// `metric_threshold`: fires when a metric series stays above (or below) `value` for `holdFor`.
public struct MetricThresholdCondition: Sendable, Hashable {
    /// Which side of the value is bad.
    public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
        case above, below

        func crosses(_ sample: Double, _ value: Double) -> Bool {
            switch self {
            case .above: sample > value
            case .below: sample < value
            }
        }
    }

    /// Metric name as the agent ships it (`disk.used_fraction`).
    public var metric: String
    /// Labels a sample must carry with these values; other labels are free and each distinct label
    /// set is its own series.
    public var labels: [String: String]
    public var comparison: Comparison
    public var value: Double
    /// How long every sample must cross the value before the rule fires (`for:` in the file; 0 = at once).
    public var holdFor: Duration

    public init(metric: String, labels: [String: String] = [:], comparison: Comparison, value: Double, holdFor: Duration) {
        self.metric = metric
        self.labels = labels
        self.comparison = comparison
        self.value = value
        self.holdFor = holdFor
    }
}
