public import IILogsCore

/// One series as a metric query returns it: an instance's (name, labels), or a percentile across an image's instances.
public struct MetricSeriesResult: Sendable, Hashable {
    /// Nil for a percentile series (it spans instances).
    public var instanceID: String?
    public var imageVersion: String
    public var name: String
    public var unit: String
    public var labels: [String: String]
    /// 0–100 for a percentile series, nil for an instance's own series.
    public var percentile: Double?
    /// Oldest first: raw samples, or one point per non-empty step bucket (time = bucket start).
    public var points: [MetricPoint]

    public init(instanceID: String?, imageVersion: String, name: String, unit: String, labels: [String: String],
                percentile: Double? = nil, points: [MetricPoint]) {
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.name = name
        self.unit = unit
        self.labels = labels
        self.percentile = percentile
        self.points = points
    }
}

public struct MetricQueryResult: Sendable, Hashable {
    /// Per-instance series, ordered by name, labels, instance.
    public var series: [MetricSeriesResult]
    /// Percentile series (image scope with a step), ordered by name, labels, percentile.
    public var percentiles: [MetricSeriesResult]
    public var stats: MetricQueryStats

    public init(series: [MetricSeriesResult], percentiles: [MetricSeriesResult] = [], stats: MetricQueryStats = MetricQueryStats()) {
        self.series = series
        self.percentiles = percentiles
        self.stats = stats
    }
}

/// How much work a metric query did.
public struct MetricQueryStats: Sendable, Hashable, Codable {
    public var seriesMatched = 0
    public var chunksDecoded = 0
    /// Chunks whose bytes failed their checksum or decoding: skipped and counted, never fatal.
    public var chunksCorrupt = 0
    public var samplesScanned = 0

    public init() {}
}

/// One metric name available for an instance (or an image), with how much is stored.
public struct MetricNameSummary: Sendable, Hashable {
    public var name: String
    public var unit: String
    /// Distinct label sets (series) under this name.
    public var series: Int
    public var samples: Int
    public var firstTime: Timestamp
    public var lastTime: Timestamp

    public init(name: String, unit: String, series: Int, samples: Int, firstTime: Timestamp, lastTime: Timestamp) {
        self.name = name
        self.unit = unit
        self.series = series
        self.samples = samples
        self.firstTime = firstTime
        self.lastTime = lastTime
    }
}
