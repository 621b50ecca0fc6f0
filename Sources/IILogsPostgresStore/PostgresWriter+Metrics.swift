import IILogsCore
import IILogsStore
import PostgresNIO

/// Metric samples into per-series chunks (`metric_series`, `metric_chunks`; docs/adr/004-metric-chunks.md), as the
/// SQLite store does: a batch's samples grouped by series, merged into the series' newest chunk when it has room
/// (that chunk row locked `FOR UPDATE`, so two collectors never merge into it at once), never more than
/// ``SQLiteStore/metricChunkMaxSamples`` per chunk.
extension PostgresWriter {
    private struct SeriesID: Hashable {
        var name: String
        var labels: String
    }

    func insertMetrics(_ samples: [MetricSample], instanceKey: Int64, imageKey: Int64) async throws {
        var order: [SeriesID] = []
        var groups: [SeriesID: (unit: String, points: [MetricPoint])] = [:]
        for sample in samples {
            var labels: [String: String] = [:]
            for label in sample.labels { labels[label.name] = label.value }
            let id = SeriesID(name: sample.name, labels: StoreJSON.labelsJSON(labels))
            if groups[id] == nil {
                order.append(id)
                groups[id] = (sample.unit, [])
            }
            groups[id]?.points.append(MetricPoint(time: sample.time, value: sample.value))
        }
        for id in order {
            guard let group = groups[id] else { continue }
            let seriesKey = try await metricSeriesKey(id, unit: group.unit, instanceKey: instanceKey, imageKey: imageKey)
            try await appendPoints(Self.timeOrdered(group.points), seriesKey: seriesKey)
        }
    }

    private func metricSeriesKey(_ id: SeriesID, unit: String, instanceKey: Int64, imageKey: Int64) async throws -> Int64 {
        if let row = try await connection.firstRow("""
            INSERT INTO metric_series(instance_key, image_key, name, labels, unit) VALUES (\(instanceKey), \(imageKey), \(id.name), \(id.labels), \(unit))
            ON CONFLICT(instance_key, name, labels) DO NOTHING RETURNING key
            """, logger) {
            return try row.int64(0)
        }
        guard let row = try await connection.firstRow("""
            SELECT key FROM metric_series WHERE instance_key = \(instanceKey) AND name = \(id.name) AND labels = \(id.labels)
            """, logger) else { throw StoreError(.io, "metric series \(id.name) vanished while storing it") }
        return try row.int64(0)
    }

    private func appendPoints(_ points: [MetricPoint], seriesKey: Int64) async throws {
        guard let first = points.first, let last = points.last else { return }
        let limit = SQLiteStore.metricChunkMaxSamples
        let maxSpan = SQLiteStore.metricChunkMaxSpan.totalNanoseconds
        var merged = points
        var headID: Int64?
        if let head = try await connection.firstRow("""
            SELECT id, min_time, count, data FROM metric_chunks WHERE series_key = \(seriesKey)
            ORDER BY max_time DESC, id DESC LIMIT 1 FOR UPDATE
            """, logger) {
            let count = try head.int(2)
            let minTime = try head.int64(1)
            if count < limit, first.time.nanosecondsSinceEpoch >= minTime, last.time.nanosecondsSinceEpoch - minTime <= maxSpan,
               let old = try? MetricChunkCodec.decode(head.bytes(3), maxSamples: count), old.count == count {
                headID = try head.int64(0)
                merged = Self.timeOrdered(old + points)
            }
        }
        var start = 0
        while start < merged.count {
            let end = min(start + limit, merged.count)
            try await writeChunk(Array(merged[start..<end]), seriesKey: seriesKey, replacing: start == 0 ? headID : nil)
            start = end
        }
    }

    private func writeChunk(_ points: [MetricPoint], seriesKey: Int64, replacing id: Int64?) async throws {
        let summary = MetricChunkSummary(points)
        let count = Int64(points.count)
        let data = ByteBuffer(bytes: MetricChunkCodec.encode(points))
        if let id {
            try await connection.run("""
                UPDATE metric_chunks SET min_time = \(summary.minTime), max_time = \(summary.maxTime), count = \(count),
                    min = \(summary.min), max = \(summary.max), sum = \(summary.sum), data = \(data) WHERE id = \(id)
                """, logger)
        } else {
            try await connection.run("""
                INSERT INTO metric_chunks(series_key, min_time, max_time, count, min, max, sum, data)
                VALUES (\(seriesKey), \(summary.minTime), \(summary.maxTime), \(count), \(summary.min), \(summary.max), \(summary.sum), \(data))
                """, logger)
        }
    }

    /// Sorted by time; equal times keep their order of arrival.
    static func timeOrdered(_ points: [MetricPoint]) -> [MetricPoint] {
        points.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
