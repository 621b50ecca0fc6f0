import Foundation
public import IILogsCore

/// Metric series for the terminal: a title line per series, a sparkline (on a terminal), and a time/value table.
public struct MetricTable: Sendable {
    public var format: OutputFormat
    /// Draw a ``Sparkline`` under each title (only when writing to a terminal).
    public var sparkline: Bool

    public init(format: OutputFormat, sparkline: Bool) {
        self.format = format
        self.sparkline = sparkline
    }

    /// The whole output for `response`: text, one JSON document, or one series a line.
    public func render(_ response: APIMetricsResponse) -> String {
        let all = response.series + (response.percentiles ?? [])
        switch format {
        case .json: return LogLineRenderer.encode(response, pretty: true) + "\n"
        case .jsonl: return all.map { LogLineRenderer.encode($0, pretty: false) + "\n" }.joined()
        case .text:
            guard !all.isEmpty else { return "no metric samples match\n" }
            return all.map(text).joined(separator: "\n")
        }
    }

    /// Names stored for an instance or image.
    public func render(_ names: [APIMetricName]) -> String {
        switch format {
        case .json: return LogLineRenderer.encode(names, pretty: true) + "\n"
        case .jsonl: return names.map { LogLineRenderer.encode($0, pretty: false) + "\n" }.joined()
        case .text:
            var rows = [["NAME", "UNIT", "SERIES", "SAMPLES", "FIRST", "LAST"]]
            for n in names {
                rows.append([n.name, n.unit.isEmpty ? "-" : n.unit, String(n.series), String(n.samples),
                             InstanceTable.shortTime(n.firstTime), InstanceTable.shortTime(n.lastTime)])
            }
            return InstanceTable.table(rows)
        }
    }

    /// `cpu.busy{cpu=0} ratio  i-abc v42`, the sparkline, then `TIME  VALUE` rows.
    func text(_ series: APIMetricSeries) -> String {
        var out = Self.title(series) + "\n"
        if sparkline { out += Sparkline.render(series.points.map(\.value)) + "\n" }
        var rows = [["TIME", "VALUE"]]
        for point in series.points { rows.append([InstanceTable.shortTime(point.time), Self.formatValue(point.value)]) }
        return out + InstanceTable.table(rows)
    }

    static func title(_ s: APIMetricSeries) -> String {
        var name = s.name
        if let labels = s.labels, !labels.isEmpty {
            name += "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
        }
        if !s.unit.isEmpty { name += " " + s.unit }
        if let p = s.percentile { return "p\(formatValue(p)) \(name)  across \(s.image)" }
        return "\(name)  \(s.instance ?? "-") \(s.image)"
    }

    /// Whole numbers without a fraction; others with up to 6 significant digits; null as `-`.
    static func formatValue(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
