import IILogsCore
import IILogsStore
import PostgresNIO

/// Metric queries over one connection (see ``PostgresStore/metricSeries(_:)``), as the SQLite store answers them.
struct PostgresMetricQuery {
    let connection: PostgresConnection
    let logger: Logger
    let query: MetricQuery

    private struct Series {
        var key: Int64
        var instanceID: String
        var imageVersion: String
        var name: String
        var labels: [String: String]
        var unit: String
    }

    func run() async throws -> MetricQueryResult {
        var stats = MetricQueryStats()
        let matched = try await series()
        stats.seriesMatched = matched.count
        guard matched.count <= query.maxSeries || !query.includeInstanceSeries else {
            throw StoreError(.invalidQuery, "\(matched.count) series match, more than \(query.maxSeries): narrow the name or the labels")
        }
        let since = query.since?.nanosecondsSinceEpoch ?? .min
        let until = query.until?.nanosecondsSinceEpoch ?? .max
        var results: [MetricSeriesResult] = []
        for s in matched {
            var points = try await points(seriesKey: s.key, since: since, until: until, stats: &stats)
            if let step = query.step { points = MetricStepAggregator.aggregate(points, step: step, using: query.aggregate) }
            results.append(MetricSeriesResult(instanceID: s.instanceID, imageVersion: s.imageVersion, name: s.name, unit: s.unit,
                                              labels: s.labels, points: points))
        }
        results.sort(by: MetricQueryOrdering.seriesBefore)
        let percentiles = MetricQueryOrdering.percentiles(of: results, query: query)
        return MetricQueryResult(series: query.includeInstanceSeries ? results : [], percentiles: percentiles, stats: stats)
    }

    private func series() async throws -> [Series] {
        let (scopeColumn, scopeName) = Self.scope(query.scope)
        let exact: String?
        let prefix: String?
        switch query.name {
        case .any: (exact, prefix) = (nil, nil)
        case .exact(let name): (exact, prefix) = (name, nil)
        case .prefix(let name): (exact, prefix) = (nil, name)
        }
        let rows = try await connection.rows("""
            SELECT metric_series.key, instances.instance_id, images.version, metric_series.name, metric_series.labels, metric_series.unit
            FROM metric_series JOIN instances ON instances.key = metric_series.instance_key
            JOIN images ON images.key = metric_series.image_key
            WHERE \(unescaped: scopeColumn) = \(scopeName)
              AND (\(exact)::text IS NULL OR metric_series.name = \(exact))
              AND (\(prefix)::text IS NULL OR left(metric_series.name, length(\(prefix))) = \(prefix))
            """, logger)
        var out: [Series] = []
        for row in rows {
            let labels = StoreJSON.labels(fromJSON: try row.string(4))
            guard query.labels.allSatisfy({ labels[$0.key] == $0.value }) else { continue }
            out.append(Series(key: try row.int64(0), instanceID: try row.string(1), imageVersion: try row.string(2),
                              name: try row.string(3), labels: labels, unit: try row.string(5)))
        }
        return out
    }

    /// The series' samples in [since, until), time-ordered; corrupt chunks are skipped and counted.
    private func points(seriesKey: Int64, since: Int64, until: Int64, stats: inout MetricQueryStats) async throws -> [MetricPoint] {
        let rows = try await connection.rows("""
            SELECT count, data FROM metric_chunks WHERE series_key = \(seriesKey) AND max_time >= \(since) AND min_time < \(until)
            ORDER BY min_time, id
            """, logger)
        var points: [MetricPoint] = []
        var ordered = true
        for row in rows {
            let count = try row.int(0)
            guard let decoded = try? MetricChunkCodec.decode(row.bytes(1), maxSamples: max(0, count)), decoded.count == count else {
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
        return ordered ? points : PostgresWriter.timeOrdered(points)
    }

    static func scope(_ scope: MetricQuery.Scope) -> (column: String, name: String) {
        switch scope {
        case .instance(let id): ("instances.instance_id", id)
        case .image(let version): ("images.version", version)
        }
    }

    /// Metric names stored for the instance or image in `scope`, by name.
    static func names(connection: PostgresConnection, logger: Logger, scope: MetricQuery.Scope) async throws -> [MetricNameSummary] {
        let (scopeColumn, scopeName) = Self.scope(scope)
        return try await connection.rows("""
            SELECT metric_series.name, min(metric_series.unit), count(DISTINCT metric_series.key), sum(metric_chunks.count)::bigint,
                   min(metric_chunks.min_time), max(metric_chunks.max_time)
            FROM metric_series JOIN instances ON instances.key = metric_series.instance_key
            JOIN images ON images.key = metric_series.image_key
            JOIN metric_chunks ON metric_chunks.series_key = metric_series.key
            WHERE \(unescaped: scopeColumn) = \(scopeName)
            GROUP BY metric_series.name ORDER BY metric_series.name COLLATE "C"
            """, logger).map { row in
            MetricNameSummary(name: try row.string(0), unit: try row.string(1), series: try row.int(2), samples: try row.int(3),
                              firstTime: Timestamp(nanosecondsSinceEpoch: try row.int64(4)),
                              lastTime: Timestamp(nanosecondsSinceEpoch: try row.int64(5)))
        }
    }
}
