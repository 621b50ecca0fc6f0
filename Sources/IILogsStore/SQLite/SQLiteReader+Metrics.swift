import IILogsCore

/// Metric queries over one read connection (see ``SQLiteStore/metricSeries(_:)``).
struct SQLiteMetricQuery {
    let db: SQLiteDatabase
    let query: MetricQuery

    private struct Series {
        var key: Int64
        var instanceID: String
        var imageVersion: String
        var name: String
        var labels: [String: String]
        var unit: String
    }

    func run() throws(StoreError) -> MetricQueryResult {
        var stats = MetricQueryStats()
        let matched = try series()
        stats.seriesMatched = matched.count
        guard matched.count <= query.maxSeries || !query.includeInstanceSeries else {
            throw StoreError(.invalidQuery, "\(matched.count) series match, more than \(query.maxSeries): narrow the name or the labels")
        }
        let since = query.since?.nanosecondsSinceEpoch ?? .min
        let until = query.until?.nanosecondsSinceEpoch ?? .max
        var results: [MetricSeriesResult] = []
        for s in matched {
            var points = try points(seriesKey: s.key, since: since, until: until, stats: &stats)
            if let step = query.step { points = MetricStepAggregator.aggregate(points, step: step, using: query.aggregate) }
            results.append(MetricSeriesResult(instanceID: s.instanceID, imageVersion: s.imageVersion, name: s.name, unit: s.unit,
                                              labels: s.labels, points: points))
        }
        results.sort(by: MetricQueryOrdering.seriesBefore)
        let percentiles = MetricQueryOrdering.percentiles(of: results, query: query)
        return MetricQueryResult(series: query.includeInstanceSeries ? results : [], percentiles: percentiles, stats: stats)
    }

    /// Series in scope whose name and labels match, with their identities.
    private func series() throws(StoreError) -> [Series] {
        let scopeColumn: String
        let scopeName: String
        switch query.scope {
        case .instance(let id): (scopeColumn, scopeName) = ("instances.instance_id", id)
        case .image(let version): (scopeColumn, scopeName) = ("images.version", version)
        }
        let nameCondition: String
        switch query.name {
        case .any: nameCondition = ""
        case .exact: nameCondition = " AND metric_series.name = ?2"
        case .prefix: nameCondition = " AND substr(metric_series.name, 1, length(?2)) = ?2"
        }
        let select = try db.cached("""
            SELECT metric_series.key, instances.instance_id, images.version, metric_series.name, metric_series.labels, metric_series.unit
            FROM metric_series JOIN instances ON instances.key = metric_series.instance_key
            JOIN images ON images.key = metric_series.image_key
            WHERE \(scopeColumn) = ?1\(nameCondition)
            """)
        select.bind(1, scopeName)
        switch query.name {
        case .any: break
        case .exact(let name), .prefix(let name): select.bind(2, name)
        }
        defer { select.reset() }
        var out: [Series] = []
        while try select.step() {
            let labels = SQLiteWriter.labels(fromJSON: select.string(4))
            guard query.labels.allSatisfy({ labels[$0.key] == $0.value }) else { continue }
            out.append(Series(key: select.int64(0), instanceID: select.string(1), imageVersion: select.string(2),
                              name: select.string(3), labels: labels, unit: select.string(5)))
        }
        return out
    }

    /// The series' samples in [since, until), time-ordered; corrupt chunks are skipped and counted.
    private func points(seriesKey: Int64, since: Int64, until: Int64, stats: inout MetricQueryStats) throws(StoreError) -> [MetricPoint] {
        let select = try db.cached("""
            SELECT count, data FROM metric_chunks WHERE series_key = ?1 AND max_time >= ?2 AND min_time < ?3 ORDER BY min_time, id
            """)
        select.bind(1, seriesKey)
        select.bind(2, since)
        select.bind(3, until)
        defer { select.reset() }
        var points: [MetricPoint] = []
        var ordered = true
        while try select.step() {
            let count = select.int(0)
            guard let decoded = try? MetricChunkCodec.decode(select.blob(1), maxSamples: max(0, count)), decoded.count == count else {
                stats.chunksCorrupt += 1
                continue
            }
            stats.chunksDecoded += 1
            stats.samplesScanned += decoded.count
            for point in decoded where point.time.nanosecondsSinceEpoch >= since && point.time.nanosecondsSinceEpoch < until {
                if let last = points.last, point.time < last.time { ordered = false }
                points.append(point)
            }
        }
        return ordered ? points : SQLiteWriter.timeOrdered(points)
    }

    /// Metric names stored for the instance or image in `scope`, by name.
    static func names(db: SQLiteDatabase, scope: MetricQuery.Scope) throws(StoreError) -> [MetricNameSummary] {
        let scopeCondition: String
        let scopeName: String
        switch scope {
        case .instance(let id): (scopeCondition, scopeName) = ("instances.instance_id = ?1", id)
        case .image(let version): (scopeCondition, scopeName) = ("images.version = ?1", version)
        }
        let select = try db.cached("""
            SELECT metric_series.name, min(metric_series.unit), count(DISTINCT metric_series.key), sum(metric_chunks.count),
                   min(metric_chunks.min_time), max(metric_chunks.max_time)
            FROM metric_series JOIN instances ON instances.key = metric_series.instance_key
            JOIN images ON images.key = metric_series.image_key
            JOIN metric_chunks ON metric_chunks.series_key = metric_series.key
            WHERE \(scopeCondition)
            GROUP BY metric_series.name ORDER BY metric_series.name
            """)
        select.bind(1, scopeName)
        defer { select.reset() }
        var out: [MetricNameSummary] = []
        while try select.step() {
            out.append(MetricNameSummary(name: select.string(0), unit: select.string(1), series: select.int(2), samples: select.int(3),
                                         firstTime: Timestamp(nanosecondsSinceEpoch: select.int64(4)),
                                         lastTime: Timestamp(nanosecondsSinceEpoch: select.int64(5))))
        }
        return out
    }
}
