public import IILogsCore

/// The pure arithmetic of metric queries: step buckets, per-bucket aggregates and percentiles across series.
///
/// Buckets are aligned to the epoch (`floor(time / step) × step`), so the buckets of different instances line up
/// and percentiles across instances compare like with like.
public enum MetricStepAggregator {
    /// The start of the bucket of length `step` (nanoseconds, > 0) holding `time`.
    public static func bucketStart(_ time: Int64, step: Int64) -> Int64 {
        let remainder = time % step
        return remainder >= 0 ? time &- remainder : time &- remainder &- step
    }

    /// One point per non-empty bucket, oldest first; `points` must be in time order.
    public static func aggregate(_ points: [MetricPoint], step: Duration, using aggregate: MetricAggregate) -> [MetricPoint] {
        let stepNanoseconds = max(1, step.totalNanoseconds)
        var out: [MetricPoint] = []
        var index = 0
        while index < points.count {
            let bucket = bucketStart(points[index].time.nanosecondsSinceEpoch, step: stepNanoseconds)
            var end = index
            while end < points.count && bucketStart(points[end].time.nanosecondsSinceEpoch, step: stepNanoseconds) == bucket { end += 1 }
            let values = points[index..<end].map(\.value)
            out.append(MetricPoint(time: Timestamp(nanosecondsSinceEpoch: bucket), value: fold(values, aggregate)))
            index = end
        }
        return out
    }

    /// `values` folded by `aggregate`, ignoring NaN.
    public static func fold(_ values: some Collection<Double>, _ aggregate: MetricAggregate) -> Double {
        let known = values.filter { !$0.isNaN }
        if aggregate == .count { return Double(known.count) }
        guard let last = known.last else { return .nan }
        switch aggregate {
        case .avg: return known.reduce(0, +) / Double(known.count)
        case .min: return known.min() ?? .nan
        case .max: return known.max() ?? .nan
        case .last: return last
        case .sum: return known.reduce(0, +)
        case .count: return Double(known.count)
        }
    }

    /// The `p`-th percentile (0–100) of `sorted` (ascending, no NaN) by linear interpolation between closest
    /// ranks (numpy's default, Hyndman–Fan type 7); NaN when empty.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = (Double(sorted.count - 1) * min(100, max(0, p))) / 100
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        if fraction == 0 || sorted[lower] == sorted[upper] { return sorted[lower] }
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }

    /// For each bucket time present in any of `series` (each already stepped), the percentiles of the series' values
    /// at that time (NaN values ignored); one output series per entry of `percentiles`, oldest first.
    public static func percentiles(across series: [[MetricPoint]], percentiles: [Double]) -> [[MetricPoint]] {
        var valuesByTime: [Timestamp: [Double]] = [:]
        for points in series {
            for point in points where !point.value.isNaN { valuesByTime[point.time, default: []].append(point.value) }
        }
        let times = valuesByTime.keys.sorted()
        return percentiles.map { p in
            times.map { time in MetricPoint(time: time, value: percentile((valuesByTime[time] ?? []).sorted(), p)) }
        }
    }
}
