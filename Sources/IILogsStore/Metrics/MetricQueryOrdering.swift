public import IILogsCore

/// Ordering and percentile assembly shared by every ``LogStore`` implementation of ``LogStore/metricSeries(_:)``.
public enum MetricQueryOrdering {
    /// Name, then labels (as sorted `k=v` text), then instance.
    public static func seriesBefore(_ a: MetricSeriesResult, _ b: MetricSeriesResult) -> Bool {
        (a.name, labelText(a.labels), a.instanceID ?? "") < (b.name, labelText(b.labels), b.instanceID ?? "")
    }

    /// For an image query with a step: per (name, labels), the requested percentiles across the instances'
    /// stepped series; empty otherwise. `series` must be stepped already and ordered by ``seriesBefore(_:_:)``.
    public static func percentiles(of series: [MetricSeriesResult], query: MetricQuery) -> [MetricSeriesResult] {
        guard case .image(let version) = query.scope, query.step != nil, !query.percentiles.isEmpty else { return [] }
        var out: [MetricSeriesResult] = []
        var index = 0
        while index < series.count {
            let first = series[index]
            var end = index
            while end < series.count && series[end].name == first.name && series[end].labels == first.labels { end += 1 }
            let stepped = MetricStepAggregator.percentiles(across: series[index..<end].map(\.points), percentiles: query.percentiles)
            for (p, points) in zip(query.percentiles, stepped) {
                out.append(MetricSeriesResult(instanceID: nil, imageVersion: version, name: first.name, unit: first.unit,
                                              labels: first.labels, percentile: p, points: points))
            }
            index = end
        }
        return out
    }

    static func labelText(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
