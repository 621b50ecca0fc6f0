import IILogsCore
import IILogsStore

extension PostmortemAssembler {
    /// Up to ``Options/maxSiblings`` other instances of the same image: those last seen closest to the
    /// instance's end first (they lived through the same period), then by ID.
    func siblingIDs(of instance: APIInstance, end: Timestamp) async throws -> [String] {
        guard options.maxSiblings > 0 else { return [] }
        let all = try await source.instances(image: instance.image, state: nil).filter { $0.instance != instance.instance }
        func distance(_ i: APIInstance) -> Int64 {
            guard let seen = RFC3339.parse(i.lastSeen) else { return .max }
            let d = seen.nanosecondsSinceEpoch &- end.nanosecondsSinceEpoch
            return d == .min ? .max : abs(d)
        }
        return all.sorted { (distance($0), $0.instance) < (distance($1), $1.instance) }.prefix(options.maxSiblings).map(\.instance)
    }

    /// The siblings' error and warning templates up to the instance's end (the newest
    /// ``Options/maxSiblingTemplateLines`` of each; no lower bound, since `firstSeen` is when the collector
    /// first heard of an instance and spooled lines can be older), each sibling mined apart (a stack trace
    /// never folds across instances) and the sets put together for ``TemplateDiff``.
    func siblingTemplates(_ siblings: [String], until: Timestamp) async throws -> [LogTemplate] {
        var all: [LogTemplate] = []
        for sibling in siblings {
            let lines = try await source.logs(LogQuery(scope: .instance(sibling), until: until, minSeverity: .warning,
                                                       limit: options.maxSiblingTemplateLines, keep: .newest))
            all += try TemplateMiner.mine(lines.lines.compactMap(Self.templateLine), settings: options.minerSettings).templates
        }
        return all
    }

    /// The point furthest outside the siblings' band, if any point is outside it.
    static func deviation(_ series: PostmortemMetricSeries) -> MetricDeviation? {
        var worst: (point: PostmortemMetricPoint, low: Double, high: Double, by: Double)?
        for p in series.points {
            guard let low = p.siblingMin, let high = p.siblingMax else { continue }
            let by = p.value > high ? p.value - high : (p.value < low ? low - p.value : 0)
            if by > 0, by > (worst?.by ?? 0) { worst = (p, low, high, by) }
        }
        return worst.map {
            MetricDeviation(metric: series.name, unit: series.unit, time: $0.point.time, value: $0.point.value,
                            siblingMin: $0.low, siblingMax: $0.high)
        }
    }
}
