/// JSON shapes of the collector's metric endpoints (docs/API.md, `GET /v1/metrics` and `GET /v1/metrics/names`).

/// One point: `value` is null for NaN and ±Inf, which JSON cannot carry.
public struct APIMetricPoint: Codable, Sendable, Hashable {
    public var time: String
    public var value: Double?

    public init(time: String, value: Double?) {
        self.time = time
        self.value = value
    }

    /// Writes `"value": null` rather than omitting the key, so a gap reads as a gap.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        try container.encode(value, forKey: .value)
    }
}

/// One series: an instance's (name, labels), or (`percentile` set, `instance` absent) a percentile across an image's
/// instances per step. `iilogs metrics --output jsonl` prints one a line.
public struct APIMetricSeries: Codable, Sendable, Hashable {
    public var instance: String?
    public var image: String
    public var name: String
    public var unit: String
    public var labels: [String: String]?
    public var percentile: Double?
    public var points: [APIMetricPoint]

    public init(instance: String?, image: String, name: String, unit: String, labels: [String: String]?, percentile: Double?,
                points: [APIMetricPoint]) {
        self.instance = instance
        self.image = image
        self.name = name
        self.unit = unit
        self.labels = labels
        self.percentile = percentile
        self.points = points
    }
}

public struct APIMetricStats: Codable, Sendable, Hashable {
    public var seriesMatched: Int
    public var chunksDecoded: Int
    public var chunksCorrupt: Int
    public var samplesScanned: Int
    public var elapsedMicroseconds: Int

    public init(seriesMatched: Int, chunksDecoded: Int, chunksCorrupt: Int, samplesScanned: Int, elapsedMicroseconds: Int) {
        self.seriesMatched = seriesMatched
        self.chunksDecoded = chunksDecoded
        self.chunksCorrupt = chunksCorrupt
        self.samplesScanned = samplesScanned
        self.elapsedMicroseconds = elapsedMicroseconds
    }
}

/// `GET /v1/metrics` returns `{"series": [...], "percentiles": [...], "stats": {...}}` (`percentiles` only for an image with a step).
public struct APIMetricsResponse: Codable, Sendable {
    public var series: [APIMetricSeries]
    public var percentiles: [APIMetricSeries]?
    /// The step as given (`1m`), absent for raw samples.
    public var step: String?
    /// How each step was aggregated (`avg`, …), absent for raw samples.
    public var aggregate: String?
    public var stats: APIMetricStats

    public init(series: [APIMetricSeries], percentiles: [APIMetricSeries]?, step: String?, aggregate: String?, stats: APIMetricStats) {
        self.series = series
        self.percentiles = percentiles
        self.step = step
        self.aggregate = aggregate
        self.stats = stats
    }
}

/// One metric name stored for an instance or an image.
public struct APIMetricName: Codable, Sendable, Hashable {
    public var name: String
    public var unit: String
    public var series: Int
    public var samples: Int
    public var firstTime: String
    public var lastTime: String

    public init(name: String, unit: String, series: Int, samples: Int, firstTime: String, lastTime: String) {
        self.name = name
        self.unit = unit
        self.series = series
        self.samples = samples
        self.firstTime = firstTime
        self.lastTime = lastTime
    }
}

/// `GET /v1/metrics/names` returns `{"names": [APIMetricName]}`.
public struct APIMetricNamesResponse: Codable, Sendable {
    public var names: [APIMetricName]
    public init(names: [APIMetricName]) { self.names = names }
}
