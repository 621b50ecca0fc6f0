/// How an instance differed from the other instances of its image.
public struct SiblingComparison: Codable, Sendable, Hashable {
    /// Instances of the same image compared against.
    public var siblingCount: Int
    /// Error and warning templates this instance logged and no sibling did (``TemplateDiff``).
    public var uniqueTemplates: [LogTemplate]
    /// Metric values outside the siblings' range.
    public var metricsOutsideRange: [MetricDeviation]

    public init(siblingCount: Int, uniqueTemplates: [LogTemplate], metricsOutsideRange: [MetricDeviation]) {
        self.siblingCount = siblingCount
        self.uniqueTemplates = uniqueTemplates
        self.metricsOutsideRange = metricsOutsideRange
    }
}

/// A metric outside its siblings' range (the most extreme point).
public struct MetricDeviation: Codable, Sendable, Hashable {
    public var metric: String
    public var unit: String
    public var time: String
    public var value: Double
    public var siblingMin: Double
    public var siblingMax: Double

    public init(metric: String, unit: String, time: String, value: Double, siblingMin: Double, siblingMax: Double) {
        self.metric = metric
        self.unit = unit
        self.time = time
        self.value = value
        self.siblingMin = siblingMin
        self.siblingMax = siblingMax
    }

    /// `above` or `below` the range.
    public var direction: String { value > siblingMax ? "above" : "below" }
}
