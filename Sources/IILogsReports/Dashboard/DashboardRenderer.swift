import IILogsCore

/// Draws a ``DashboardFrame`` into exactly the given terminal size: a header with totals, a table of image
/// versions and the latest open flags. Rows that do not fit are replaced by `… N more`; columns that do not fit are
/// dropped (the verdict, then the sparkline, then the error rate) and any longer line is cut with `…`. Colours (ANSI
/// SGR) only when asked for.
///
/// (Tests/IILogsReportsTests/Golden/dash-100x30.txt, abridged)
/// ```
/// iilogs dash  http://127.0.0.1:5171  2026-11-23 14:40:00Z
/// 4 images  6 alive  1 lost  1 quarantined  10.7 lines/s (last 1m)  2.1% errors (last 30m)
///
/// IMAGE                         ALIVE  LOST  QUAR  LINES/S    ERR%   VERDICT  LINES PER 1m, LAST 30m
/// v2.1.0                            4     0     0      9.8    0.1%  healthy   ▁▁▁▂▂▂▃▃▃▄▄▄▅▅▅▆▆▆▆▇▇▇██
///
/// LATEST FLAGS (2 open)
/// TIME            INSTANCE  RULE         REASON
/// ```
public enum DashboardRenderer {
    /// Narrowest and lowest sizes drawn; smaller sizes are treated as these.
    public static let minWidth = 20
    public static let minHeight = 1
    /// An error rate at or above this is drawn red; at or above ``warnErrorRate`` yellow.
    public static let badErrorRate = 0.05
    public static let warnErrorRate = 0.01
    /// Widest image and instance names before they are cut.
    public static let maxNameWidth = 28
    /// Narrowest an image name is cut to before table columns are dropped instead.
    public static let minNameWidth = 12
    /// Narrowest sparkline worth drawing; narrower, the column is dropped.
    public static let minSparklineWidth = 6
    /// Space between columns.
    static let gap = "  "

    /// The frame as `height` lines (or fewer) of at most `width` columns, joined by `\n`, with no final newline.
    public static func render(_ frame: DashboardFrame, width: Int, height: Int, colour: Bool) -> String {
        let width = max(minWidth, width)
        let height = max(minHeight, height)
        var lines = header(frame)
        let footer = frame.footer.map { [DashboardLine($0, .dim)] } ?? []
        var budget = height - lines.count - footer.count

        // Room kept for the flags: a blank line, the title, the column titles and up to two flags.
        let flagsMinimum = frame.flags.isEmpty ? 2 : 3 + min(2, frame.flags.count)
        let imageBudget = budget - flagsMinimum >= 3 ? budget - flagsMinimum : budget
        let table = imageTable(frame, width: width, maxLines: imageBudget)
        lines += table
        budget -= table.count
        if budget >= 2 { lines += flagSection(frame, width: width, maxLines: budget) }
        lines += footer
        return lines.prefix(height).map { $0.truncated(to: width).render(colour: colour) }.joined(separator: "\n")
    }

    // MARK: header

    static func header(_ frame: DashboardFrame) -> [DashboardLine] {
        var title = DashboardLine("iilogs dash", .bold)
        title.append(gap + frame.source + gap + clock(frame.time))
        var totals = DashboardLine("\(frame.images.count) image\(frame.images.count == 1 ? "" : "s")")
        totals.append(gap + "\(frame.alive) alive")
        totals.append(gap)
        totals.append("\(frame.lost) lost", frame.lost > 0 ? .yellow : nil)
        totals.append(gap)
        totals.append("\(frame.quarantined) quarantined", frame.quarantined > 0 ? .red : nil)
        totals.append(gap + "\(rate(frame.linesPerSecond)) lines/s (last \(DurationParser.format(frame.step)))")
        totals.append(gap)
        totals.append("\(percent(frame.errorRate)) errors", errorStyle(frame.errorRate))
        totals.append(" (last \(DurationParser.format(frame.window)))")
        return [title, totals] + frame.notes.map { DashboardLine($0, .yellow) }
    }

    // MARK: image table

    /// A blank line, the column titles and as many rows as fit in `maxLines` (at least the titles when 2 fit).
    ///
    /// Columns that do not fit go in this order: the verdict, then the sparkline, then the error rate; the image
    /// name shrinks (down to ``minNameWidth``) before any of them goes.
    static func imageTable(_ frame: DashboardFrame, width: Int, maxLines: Int) -> [DashboardLine] {
        guard maxLines >= 2 else { return [] }
        let layout = TableLayout(frame, width: width)
        var titles = padRight("IMAGE", layout.nameWidth)
        for column in layout.columns { titles += gap + padLeft(column.title, column.width) }
        if layout.trendWidth > 0 { titles += gap + cut(layout.trendTitle, layout.trendWidth) }

        var rows: [DashboardLine] = frame.images.map { row in
            var line = DashboardLine(padRight(cut(row.image, layout.nameWidth), layout.nameWidth))
            for column in layout.columns {
                line.append(gap)
                switch column.title {
                case "ALIVE": line.append(padLeft(String(row.alive), column.width))
                case "LOST": line.append(padLeft(String(row.lost), column.width), row.lost > 0 ? .yellow : nil)
                case "QUAR": line.append(padLeft(String(row.quarantined), column.width), row.quarantined > 0 ? .red : nil)
                case "LINES/S": line.append(padLeft(rate(row.linesPerSecond), column.width))
                case "ERR%": line.append(padLeft(percent(row.errorRate), column.width), errorStyle(row.errorRate))
                default: line.append(padRight(row.verdict ?? "-", column.width), verdictStyle(row.verdict))
                }
            }
            // A quiet image gets no sparkline rather than a flat one, which would look like steady traffic.
            if layout.trendWidth > 0 && row.windowLines > 0 {
                line.append(gap + Sparkline.render(row.series.map { $0 }, width: layout.trendWidth))
            }
            return line
        }
        if rows.isEmpty { rows = [DashboardLine("no image versions yet", .dim)] }
        return [DashboardLine(), DashboardLine(titles, .bold)] + fit(rows, maxLines: maxLines - 2, noun: "images")
    }

    // MARK: flags

    static func flagSection(_ frame: DashboardFrame, width: Int, maxLines: Int) -> [DashboardLine] {
        guard !frame.flags.isEmpty else { return [DashboardLine(), DashboardLine("no open flags", .dim)] }
        var title = DashboardLine("LATEST FLAGS", .bold)
        title.append(" (\(frame.flags.count) open)")
        guard maxLines >= 4 else { return [DashboardLine(), title] }
        let instanceWidth = min(maxNameWidth, max(8, frame.flags.map(\.instance.count).max() ?? 0))
        let ruleWidth = min(maxNameWidth, max(4, frame.flags.map(\.rule.count).max() ?? 0))
        let titles = DashboardLine(padRight("TIME", 14) + gap + padRight("INSTANCE", instanceWidth) + gap + padRight("RULE", ruleWidth)
                                   + gap + "REASON", .bold)
        let rows = frame.flags.map { flag in
            var line = DashboardLine(flagClock(flag.time))
            line.append(gap + padRight(cut(flag.instance, instanceWidth), instanceWidth))
            line.append(gap)
            line.append(padRight(cut(flag.rule, ruleWidth), ruleWidth), flag.action == "quarantine" ? .red : .yellow)
            line.append(gap + String(flag.reason.map { $0.isNewline ? " " : $0 }))
            return line
        }
        return [DashboardLine(), title, titles] + fit(rows, maxLines: maxLines - 3, noun: "flags")
    }

    // MARK: helpers

    /// `rows` when they fit in `maxLines`, else the first ones and `… N more NOUN` on the last line.
    static func fit(_ rows: [DashboardLine], maxLines: Int, noun: String) -> [DashboardLine] {
        guard rows.count > maxLines else { return rows }
        guard maxLines > 0 else { return [] }
        let shown = maxLines - 1
        return Array(rows.prefix(shown)) + [DashboardLine("… \(rows.count - shown) more \(noun)", .dim)]
    }

    /// `2026-11-23 14:40:00Z`.
    static func clock(_ time: Timestamp) -> String {
        let text = RFC3339.format(time)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + "Z"
    }

    /// `11-23 14:40:00` (UTC), 14 columns.
    static func flagClock(_ time: Timestamp) -> String {
        let text = RFC3339.format(time)
        return String(text.dropFirst(5).prefix(5)) + " " + String(text.dropFirst(11).prefix(8))
    }

    /// `0.8`, `12.3`, `456`, `12.3k`, `4.5M`.
    static func rate(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "-" }
        if value >= 999_950 { return tenths(value / 1_000_000) + "M" }
        if value >= 9_999.5 { return tenths(value / 1_000) + "k" }
        if value >= 99.95 { return String(Int(value.rounded())) }
        return tenths(value)
    }

    /// `1.2%`; `-` when unknown.
    static func percent(_ rate: Double?) -> String {
        guard let rate, rate.isFinite else { return "-" }
        return tenths(rate * 100) + "%"
    }

    static func tenths(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }

    static func errorStyle(_ rate: Double?) -> DashboardLine.Style? {
        guard let rate else { return nil }
        if rate >= badErrorRate { return .red }
        return rate >= warnErrorRate ? .yellow : nil
    }

    static func verdictStyle(_ verdict: String?) -> DashboardLine.Style? {
        switch verdict {
        case "healthy": .green
        case "degraded": .yellow
        case "failing": .boldRed
        default: nil
        }
    }

    static func cut(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
