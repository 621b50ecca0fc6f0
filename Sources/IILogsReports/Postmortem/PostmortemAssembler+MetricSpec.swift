import IILogsCore

extension PostmortemAssembler {
    /// One chart of the metrics section and the agent metrics it is drawn from (docs/METRICS.md).
    struct MetricSpec: Sendable {
        /// The chart's name (`cpu`, `memory-used`, …).
        var name: String
        /// Agent metric names to try in order; the first one the instance has is used.
        var metrics: [String]
        /// Units after scaling, one per entry of `metrics`.
        var units: [String]
        /// Multipliers from the stored unit to the shown one, one per entry of `metrics`.
        var scales: [Double]
        /// Only series with these labels.
        var labels: [String: String] = [:]
        /// Series with one of these label values are left out (`device=lo`).
        var excluded: [String: String] = [:]
        /// Add up the matching series per step (interfaces), else take the one with the fewest labels.
        var sum = false

        static let mebibyte = 1.0 / 1_048_576
        static let all: [MetricSpec] = [
            MetricSpec(name: "cpu", metrics: ["cpu.busy"], units: ["%"], scales: [100]),
            MetricSpec(name: "memory-used", metrics: ["mem.used_bytes"], units: ["MiB"], scales: [mebibyte]),
            MetricSpec(name: "memory-available", metrics: ["mem.available_bytes"], units: ["MiB"], scales: [mebibyte]),
            MetricSpec(name: "disk /", metrics: ["disk.used_fraction", "disk.used_bytes"], units: ["%", "MiB"], scales: [100, mebibyte],
                       labels: ["mount": "/"]),
            MetricSpec(name: "network-rx", metrics: ["net.rx_bytes"], units: ["KiB/s"], scales: [1.0 / 1024], excluded: ["device": "lo"],
                       sum: true),
            MetricSpec(name: "network-tx", metrics: ["net.tx_bytes"], units: ["KiB/s"], scales: [1.0 / 1024], excluded: ["device": "lo"],
                       sum: true),
        ]

        /// The first of ``metrics`` present in `series`, as an index.
        func chosen(in series: [APIMetricSeries]) -> Int? {
            metrics.indices.first { i in series.contains { matches($0, metric: metrics[i]) } }
        }

        func matches(_ s: APIMetricSeries, metric: String) -> Bool {
            guard s.name == metric, s.percentile == nil else { return false }
            let labels = s.labels ?? [:]
            return self.labels.allSatisfy { labels[$0.key] == $0.value } && !excluded.contains { labels[$0.key] == $0.value }
        }

        /// Step time → scaled value of `metrics[index]` in `series` (null points left out).
        func values(in series: [APIMetricSeries], index: Int) -> [String: Double] {
            let matching = series.filter { matches($0, metric: metrics[index]) }
                .sorted { (($0.labels ?? [:]).count, "\($0.labels ?? [:])") < (($1.labels ?? [:]).count, "\($1.labels ?? [:])") }
            var out: [String: Double] = [:]
            for s in sum ? matching : Array(matching.prefix(1)) {
                for p in s.points {
                    guard let v = p.value else { continue }
                    out[p.time, default: 0] += v * scales[index]
                }
            }
            return out
        }
    }
}
