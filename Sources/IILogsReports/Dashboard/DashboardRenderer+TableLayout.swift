import IILogsCore

extension DashboardRenderer {
    /// Which columns of the image table fit in a width, and how wide the name and the sparkline are.
    struct TableLayout {
        var nameWidth: Int
        var columns: [(title: String, width: Int)]
        /// 0 when the sparkline is not drawn.
        var trendWidth: Int
        var trendTitle: String

        init(_ frame: DashboardFrame, width: Int) {
            let idealName = min(maxNameWidth, max(5, frame.images.map(\.image.count).max() ?? 0))
            let steps = frame.images.map(\.series.count).max() ?? 0
            trendTitle = "LINES PER \(DurationParser.format(frame.step)), LAST \(DurationParser.format(frame.window))"
            let numbers: [(title: String, width: Int)] = [("ALIVE", 5), ("LOST", 4), ("QUAR", 4), ("LINES/S", 7)]
            let verdict: [(title: String, width: Int)] = frame.images.contains { $0.verdict != nil } ? [("VERDICT", 8)] : []
            let errors: [(title: String, width: Int)] = [("ERR%", 6)]
            // Most wanted first; the first that fits with a name of at least minNameWidth wins.
            let candidates: [(columns: [(title: String, width: Int)], trend: Bool)] = [
                (numbers + errors + verdict, steps > 0), (numbers + errors, steps > 0), (numbers + errors, false), (numbers, false),
            ]
            let floor = min(idealName, DashboardRenderer.minNameWidth)
            var chosen = candidates[candidates.count - 1]
            for candidate in candidates {
                let fixed = candidate.columns.reduce(0) { $0 + $1.width + gap.count } + (candidate.trend ? gap.count + minSparklineWidth : 0)
                if width - fixed >= floor {
                    chosen = candidate
                    break
                }
            }
            columns = chosen.columns
            let fixed = columns.reduce(0) { $0 + $1.width + gap.count }
            nameWidth = max(floor, min(idealName, width - fixed - (chosen.trend ? gap.count + minSparklineWidth : 0)))
            trendWidth = chosen.trend ? min(width - fixed - nameWidth - gap.count, max(steps, trendTitle.count)) : 0
        }
    }
}
