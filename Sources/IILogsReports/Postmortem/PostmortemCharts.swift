import IILogsCore

/// Turns a report's metric series into ``SVGLineChart``s (times parsed, the siblings' band attached).
enum PostmortemCharts {
    /// Points whose time does not parse are left out.
    static func chart(for s: PostmortemMetricSeries, marker: Timestamp?, width: Int, height: Int) -> SVGLineChart {
        let points = s.points.compactMap { p in
            RFC3339.parse(p.time).map { SVGLineChart.Point(time: $0, value: p.value, bandLow: p.siblingMin, bandHigh: p.siblingMax) }
        }
        return SVGLineChart(title: s.name, unit: s.unit, points: points, band: s.siblingRange, marker: marker, markerLabel: "end",
                            width: width, height: height)
    }
}
