import IILogsCore
import IILogsStore

extension PostmortemAssembler {
    /// The metrics section: each ``MetricSpec`` over ``Options/metricWindow`` before the end, folded into
    /// ``Options/metricStep`` averages, with the band of the siblings.
    ///
    /// The band at a step is the minimum and maximum of the siblings' own values at that step (each sibling
    /// read and derived exactly as the instance). The image-scope percentiles of the metrics API are not
    /// used: they include the instance itself, and they mix every series of a name (all interfaces, all
    /// mounts) where the report needs `mount=/` and the sum of the interfaces but `lo`.
    func metricSection(id: String, siblings: [String], end: Timestamp, notes: inout [String]) async throws -> [PostmortemMetricSeries] {
        let since = end.adding(nanoseconds: -options.metricWindow.totalNanoseconds)
        let until = end.adding(nanoseconds: 1)
        let window = "\(RFC3339.format(since)) – \(RFC3339.format(end))"
        let own = try await stepSeries(id, since: since, until: until)
        if own.isEmpty {
            notes.append("no metrics are stored for \(id) between \(window)")
            return []
        }
        var siblingSeries: [[APIMetricSeries]] = []
        for sibling in siblings {
            let series = try await stepSeries(sibling, since: since, until: until)
            if !series.isEmpty { siblingSeries.append(series) }
        }
        if !siblings.isEmpty && siblingSeries.isEmpty {
            notes.append("no sibling stored metrics between \(window): no band is drawn")
        }
        var out: [PostmortemMetricSeries] = []
        var missing: [String] = []
        for spec in MetricSpec.all {
            guard let index = spec.chosen(in: own) else {
                missing.append("\(spec.name) (\(spec.metrics.joined(separator: " or ")))")
                continue
            }
            let values = spec.values(in: own, index: index)
            let bands = siblingSeries.map { spec.values(in: $0, index: index) }
            let points = values.keys.sorted().map { time in
                let others = bands.compactMap { $0[time] }
                return PostmortemMetricPoint(time: time, value: values[time] ?? 0, siblingMin: others.min(), siblingMax: others.max())
            }
            out.append(PostmortemMetricSeries(name: spec.name, unit: spec.units[index], points: points))
        }
        if !missing.isEmpty { notes.append("metrics not stored for \(id): " + missing.joined(separator: ", ")) }
        return out
    }

    /// Every series of an instance in the window, as step averages.
    private func stepSeries(_ id: String, since: Timestamp, until: Timestamp) async throws -> [APIMetricSeries] {
        try await source.metrics(MetricQuery(scope: .instance(id), since: since, until: until, step: options.metricStep,
                                             aggregate: .avg)).series
    }
}
