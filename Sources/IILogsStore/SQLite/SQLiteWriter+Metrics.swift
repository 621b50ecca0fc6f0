package import IILogsCore

/// Metric samples into per-series chunks (`metric_series`, `metric_chunks`; docs/adr/004-metric-chunks.md).
///
/// A batch's samples are grouped by series (name + labels of one instance). Each group is merged into the
/// series' newest chunk when that chunk has room and the group does not start before it, otherwise it starts a
/// new chunk; no chunk ever holds more than ``SQLiteStore/metricChunkMaxSamples``. Everything happens inside the
/// batch's savepoint, so a failed batch leaves no partial chunk behind.
extension SQLiteWriter {
    struct SeriesID: Hashable {
        var name: String
        var labels: String
    }

    func insertMetrics(_ samples: [MetricSample], instanceKey: Int64, imageKey: Int64) throws(StoreError) {
        var order: [SeriesID] = []
        var groups: [SeriesID: (unit: String, points: [MetricPoint])] = [:]
        for sample in samples {
            var labels: [String: String] = [:]
            for label in sample.labels { labels[label.name] = label.value }
            let id = SeriesID(name: sample.name, labels: Self.labelsJSON(labels))
            if groups[id] == nil {
                order.append(id)
                groups[id] = (sample.unit, [])
            }
            groups[id]?.points.append(MetricPoint(time: sample.time, value: sample.value))
        }
        for id in order {
            guard let group = groups[id] else { continue }
            let seriesKey = try metricSeriesKey(id, unit: group.unit, instanceKey: instanceKey, imageKey: imageKey)
            try appendPoints(Self.timeOrdered(group.points), seriesKey: seriesKey)
        }
    }

    /// The key of (instance, name, labels), inserting the series (with `unit` and the instance's image) when new.
    private func metricSeriesKey(_ id: SeriesID, unit: String, instanceKey: Int64, imageKey: Int64) throws(StoreError) -> Int64 {
        let select = try db.cached("SELECT key FROM metric_series WHERE instance_key = ? AND name = ? AND labels = ?")
        select.bind(1, instanceKey)
        select.bind(2, id.name)
        select.bind(3, id.labels)
        if try select.step() {
            defer { select.reset() }
            return select.int64(0)
        }
        select.reset()
        let insert = try db.cached("INSERT INTO metric_series(instance_key, image_key, name, labels, unit) VALUES (?, ?, ?, ?, ?)")
        insert.bind(1, instanceKey)
        insert.bind(2, imageKey)
        insert.bind(3, id.name)
        insert.bind(4, id.labels)
        insert.bind(5, unit)
        try insert.step()
        return db.lastInsertRowID
    }

    /// Merges `points` (time-ordered) into the series' newest chunk when it fits, then writes chunks of at most
    /// ``SQLiteStore/metricChunkMaxSamples``.
    private func appendPoints(_ points: [MetricPoint], seriesKey: Int64) throws(StoreError) {
        guard let first = points.first else { return }
        let limit = SQLiteStore.metricChunkMaxSamples
        var merged = points
        var headID: Int64?
        let head = try db.cached("SELECT id, min_time, count, data FROM metric_chunks WHERE series_key = ? ORDER BY max_time DESC, id DESC LIMIT 1")
        head.bind(1, seriesKey)
        let maxSpan = SQLiteStore.metricChunkMaxSpan.totalNanoseconds
        if try head.step(), head.int(2) < limit, first.time.nanosecondsSinceEpoch >= head.int64(1),
           points.last.map({ $0.time.nanosecondsSinceEpoch - head.int64(1) <= maxSpan }) ?? false,
           let old = try? MetricChunkCodec.decode(head.blob(3), maxSamples: head.int(2)), old.count == head.int(2) {
            headID = head.int64(0)
            merged = Self.timeOrdered(old + points)
        }
        head.reset()
        var start = 0
        while start < merged.count {
            let end = min(start + limit, merged.count)
            try writeChunk(Array(merged[start..<end]), seriesKey: seriesKey, replacing: start == 0 ? headID : nil)
            start = end
        }
    }

    private func writeChunk(_ points: [MetricPoint], seriesKey: Int64, replacing id: Int64?) throws(StoreError) {
        let summary = MetricChunkSummary(points)
        let statement = try db.cached(id == nil
            ? "INSERT INTO metric_chunks(min_time, max_time, count, min, max, sum, data, series_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            : "UPDATE metric_chunks SET min_time = ?, max_time = ?, count = ?, min = ?, max = ?, sum = ?, data = ? WHERE id = ?")
        statement.bind(1, summary.minTime)
        statement.bind(2, summary.maxTime)
        statement.bind(3, Int64(points.count))
        statement.bind(4, summary.min)
        statement.bind(5, summary.max)
        statement.bind(6, summary.sum)
        statement.bind(7, blob: MetricChunkCodec.encode(points))
        statement.bind(8, id ?? seriesKey)
        try statement.step()
    }

    /// Sorted by time; equal times keep their order of arrival.
    static func timeOrdered(_ points: [MetricPoint]) -> [MetricPoint] {
        points.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

/// The index columns of a metric chunk: time range and min/max/sum over its non-NaN values (NULL when none).
package struct MetricChunkSummary {
    package var minTime: Int64 = .max
    package var maxTime: Int64 = .min
    package var min: Double?
    package var max: Double?
    package var sum: Double?

    package init(_ points: [MetricPoint]) {
        for point in points {
            minTime = Swift.min(minTime, point.time.nanosecondsSinceEpoch)
            maxTime = Swift.max(maxTime, point.time.nanosecondsSinceEpoch)
            let v = point.value
            guard !v.isNaN else { continue }
            min = Swift.min(min ?? v, v)
            max = Swift.max(max ?? v, v)
            sum = (sum ?? 0) + v
        }
        if sum?.isNaN == true { sum = nil }
    }
}

extension SQLiteStatement {
    /// Binds NULL for nil.
    func bind(_ index: Int32, _ value: Double?) {
        if let value { bind(index, value) } else { bindNull(index) }
    }
}
