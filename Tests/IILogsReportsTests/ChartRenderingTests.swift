import IILogsCore
import IILogsReports
import Testing

@Suite struct ChartRenderingTests {
    @Test func sparklineScalesFromLowestToHighest() {
        #expect(Sparkline.render(values: [0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render(values: [5, 5, 5]) == "▄▄▄")
        #expect(Sparkline.render(values: [1, .nan, 3]) == "▁ █")
        #expect(Sparkline.render(values: []) == "")
    }

    @Test func svgChartHasAxesLabelsBandLineAndMarker() {
        let t0 = Timestamp(nanosecondsSinceEpoch: 1_795_424_400_000_000_000)  // 09:00:00Z
        let points = (0..<5).map { i in
            SVGLineChart.Point(time: t0.adding(.seconds(60 * i)), value: Double(i * 10), bandLow: 5, bandHigh: 15)
        }
        let svg = SVGLineChart(title: "cpu <load>", unit: "%", points: points, marker: t0.adding(.seconds(240))).render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"180\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("<title>cpu &lt;load&gt; (%)</title>"))
        #expect(svg.contains(">09:00</text>") && svg.contains(">09:04</text>"))
        #expect(svg.contains(">0</text>") && svg.contains(">40</text>"))  // y ticks cover the data
        #expect(svg.contains("<polygon class=\"band\""))
        #expect(svg.contains("<polyline class=\"line\" points=\"52,154 "))  // first point at the origin of the plot
        #expect(svg.contains("<line class=\"marker\""))
        #expect(svg == SVGLineChart(title: "cpu <load>", unit: "%", points: points, marker: t0.adding(.seconds(240))).render())
    }

    @Test func svgChartWithoutDataSaysSo() {
        let svg = SVGLineChart(title: "disk", unit: "%", points: []).render()
        #expect(svg.contains(">no data</text>"))
    }
}

@Suite struct ChartNumberFormattingTests {
    /// Tick labels go through the report's number formatting: huge and tiny values must not trap or use exponents.
    @Test func extremeValuesRender() {
        let t0 = Timestamp(nanosecondsSinceEpoch: 1_795_424_400_000_000_000)
        for values in [[0, 1e18], [-3e19, 2e19], [0.001, 0.002], [-0.5, 0.25]] {
            let points = values.enumerated().map { SVGLineChart.Point(time: t0.adding(.seconds($0.offset)), value: $0.element) }
            let svg = SVGLineChart(title: "x", unit: "u", points: points).render()
            #expect(svg.contains("<polyline class=\"line\""), "\(values)")
        }
        let small = SVGLineChart(title: "x", unit: "u", points: [SVGLineChart.Point(time: t0, value: -0.5),
                                                                 SVGLineChart.Point(time: t0.adding(.seconds(1)), value: 0.25)]).render()
        // Ticks in steps of 0.2 from -0.6 to 0.4, printed without float noise.
        #expect(small.contains(">-0.6</text>") && small.contains(">0</text>") && small.contains(">0.4</text>"))
    }
}
