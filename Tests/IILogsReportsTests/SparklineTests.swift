import IILogsReports
import Testing

@Suite struct SparklineTests {
    @Test func scalesBetweenTheSmallestAndLargestValue() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([10, 0, 5]) == "█▁▅")
        #expect(Sparkline.render([-1, 1]) == "▁█")
    }

    @Test func gapsFlatAndEmptySeries() {
        #expect(Sparkline.render([]) == "")
        #expect(Sparkline.render([nil, nil]) == "  ")
        #expect(Sparkline.render([3, 3, 3]) == "▄▄▄")
        #expect(Sparkline.render([0, nil, .nan, .infinity, 7]) == "▁   █")
    }

    @Test func foldsLongSeriesIntoTheWidthByAveraging() {
        // 8 values into 4 columns: averages 0.5, 2.5, 4.5, 6.5 → levels 0, 2, 5, 7 of 0…7 after scaling to 0.5…6.5
        let line = Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 4)
        #expect(line == "▁▃▆█")
        #expect(Sparkline.render((0..<1000).map(Double.init)).count == Sparkline.defaultWidth)
        #expect(Sparkline.render([1, nil, nil, nil], width: 2) == "▄ ")
    }
}
