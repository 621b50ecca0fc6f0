import IILogsCore
import IILogsReports
import Testing

@Suite struct MetricTableTests {
    static let response = APIMetricsResponse(
        series: [APIMetricSeries(instance: "i-a", image: "v1", name: "cpu.busy", unit: "ratio", labels: ["cpu": "0"], percentile: nil,
                                 points: [APIMetricPoint(time: "2026-11-23T09:00:00.000000000Z", value: 0.25),
                                          APIMetricPoint(time: "2026-11-23T09:01:00.000000000Z", value: nil),
                                          APIMetricPoint(time: "2026-11-23T09:02:00.000000000Z", value: 4096)])],
        percentiles: [APIMetricSeries(instance: nil, image: "v1", name: "cpu.busy", unit: "ratio", labels: nil, percentile: 90,
                                      points: [APIMetricPoint(time: "2026-11-23T09:00:00.000000000Z", value: 1.0 / 3)])],
        step: "1m", aggregate: "avg",
        stats: APIMetricStats(seriesMatched: 1, chunksDecoded: 1, chunksCorrupt: 0, samplesScanned: 3, elapsedMicroseconds: 5))

    @Test func textHasATitleASparklineOnATerminalAndATable() {
        let text = MetricTable(format: .text, sparkline: true).render(Self.response)
        #expect(text == """
            cpu.busy{cpu=0} ratio  i-a v1
            ▁ █
            TIME                 VALUE
            2026-11-23 09:00:00  0.25
            2026-11-23 09:01:00  -
            2026-11-23 09:02:00  4096

            p90 cpu.busy ratio  across v1
            ▄
            TIME                 VALUE
            2026-11-23 09:00:00  0.333333

            """)
        #expect(!MetricTable(format: .text, sparkline: false).render(Self.response).contains("▁"))
    }

    @Test func jsonlIsOneSeriesALine() throws {
        let lines = MetricTable(format: .jsonl, sparkline: false).render(Self.response).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""instance":"i-a""#) == true)
        #expect(lines.last?.contains(#""percentile":90"#) == true)
    }
}
