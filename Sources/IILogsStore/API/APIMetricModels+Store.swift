public import IILogsCore

extension APIMetricSeries {
    /// The JSON shape of a stored or computed series; non-finite values become null.
    public init(_ s: MetricSeriesResult) {
        self.init(instance: s.instanceID, image: s.imageVersion, name: s.name, unit: s.unit, labels: s.labels.isEmpty ? nil : s.labels,
                  percentile: s.percentile,
                  points: s.points.map { APIMetricPoint(time: RFC3339.format($0.time), value: $0.value.isFinite ? $0.value : nil) })
    }
}

extension APIMetricsResponse {
    /// The JSON shape of a metric query's result; `step` is echoed as given.
    public init(_ result: MetricQueryResult, query: MetricQuery, step: String?, elapsedMicroseconds: Int) {
        let s = result.stats
        self.init(series: result.series.map(APIMetricSeries.init),
                  percentiles: result.percentiles.isEmpty ? nil : result.percentiles.map(APIMetricSeries.init),
                  step: query.step == nil ? nil : step, aggregate: query.step == nil ? nil : query.aggregate.rawValue,
                  stats: APIMetricStats(seriesMatched: s.seriesMatched, chunksDecoded: s.chunksDecoded, chunksCorrupt: s.chunksCorrupt,
                                        samplesScanned: s.samplesScanned, elapsedMicroseconds: elapsedMicroseconds))
    }
}

extension APIMetricName {
    public init(_ n: MetricNameSummary) {
        self.init(name: n.name, unit: n.unit, series: n.series, samples: n.samples, firstTime: RFC3339.format(n.firstTime),
                  lastTime: RFC3339.format(n.lastTime))
    }
}
