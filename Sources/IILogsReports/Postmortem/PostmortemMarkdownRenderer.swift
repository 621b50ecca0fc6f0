import Foundation
import IILogsCore

/// The `--format md` report: GitHub-flavoured Markdown with tables; log text in code spans and fenced
/// blocks; each metric as an SVG chart in an `<img src="data:image/svg+xml;base64,…">` plus a sparkline.
///
/// Why a data-URI image rather than inline `<svg>`: GitHub's sanitizer drops both inline `<svg>` and
/// `data:` image sources, so neither chart shows there. An inline `<svg>` then leaks its labels as stray
/// text, and its blank-line-free markup must survive CommonMark's HTML-block rules; the base64 image is
/// one opaque line that every renderer either draws (VS Code, GitLab, pandoc, most previewers, browsers
/// after conversion to HTML) or drops cleanly to its `alt` text, which carries the figures. The sparkline
/// line under it renders everywhere, GitHub included.
public struct PostmortemMarkdownRenderer: Sendable {
    /// Chart size in pixels.
    public var chartWidth: Int
    public var chartHeight: Int

    public init(chartWidth: Int = 640, chartHeight: Int = 180) {
        self.chartWidth = chartWidth
        self.chartHeight = chartHeight
    }

    public func render(_ r: PostmortemReport) -> String {
        var out = "# Post-mortem: instance \(code(r.identity.instance)) (image \(code(r.identity.image)))\n\n"
        out += "Generated \(time(r.generatedAt)) UTC from \(text(r.dataSource)).\n"
        out += "\n## Identity\n\n| | |\n|---|---|\n"
        let id = r.identity
        var rows = [("instance", code(id.instance)), ("image", code(id.image)), ("state", text(id.state)),
                    ("first seen", time(id.firstSeen)), ("last seen", time(id.lastSeen))]
        if let end = id.end { rows.append(("ended", time(end) + (id.endReason.map { " (\(text($0)))" } ?? ""))) }
        rows.append(("boots", id.boots.isEmpty ? "-" : id.boots.map { "\(code($0.id)) \(time($0.firstSeen)) → \(time($0.lastSeen))" }.joined(separator: "<br>")))
        rows.append(("labels", id.labels.isEmpty ? "-" : id.labels.sorted { $0.key < $1.key }.map { code("\($0.key)=\($0.value)") }.joined(separator: " ")))
        out += rows.map { "| \($0.0) | \($0.1) |\n" }.joined()

        out += "\n## Timeline\n\n"
        out += r.timeline.isEmpty ? "No lifecycle events.\n" : "| time (UTC) | kind | event |\n|---|---|---|\n"
            + r.timeline.map { "| \(time($0.time)) | \(text($0.kind)) | \(text($0.text)) |\n" }.joined()

        out += "\n## Quarantine flags\n\n"
        if r.flags.isEmpty { out += "None.\n" }
        for f in r.flags {
            out += "- **\(text(f.rule))** → \(text(f.action)) at \(time(f.time)): \(text(f.reason))\n"
            if let released = f.released { out += "  released \(text(released))\n" }
            if !f.evidence.isEmpty { out += "\n" + fenced(f.evidence, indent: "  ") + "\n" }
        }

        out += "\n## Last lines before the end\n\n\(r.lastLines.count) of up to \(r.lastLinesRequested) lines.\n\n"
        if !r.lastLines.isEmpty {
            out += fenced(r.lastLines.map { "\(time($0.time)) \($0.severity.padded(to: 7)) \($0.app.isEmpty ? "-" : $0.app): \($0.message)" })
        }

        out += "\n## Error and warning templates\n\n" + templates(r.templates)

        out += "\n## Metrics around the end\n\n"
        if r.metrics.isEmpty { out += "No metrics.\n" }
        let marker = id.end.flatMap { RFC3339.parse($0) }
        for s in r.metrics { out += metric(s, marker: marker) }

        out += "\n## Compared with siblings\n\n"
        if let s = r.siblings {
            out += "Compared with \(s.siblingCount) other instances of \(code(id.image)).\n\n"
            out += "**Templates only this instance logged** (\(s.uniqueTemplates.count))\n\n"
            out += s.uniqueTemplates.isEmpty ? "None.\n" : "| count | template |\n|---:|---|\n"
                + s.uniqueTemplates.map { "| \($0.count) | \(code($0.template)) |\n" }.joined()
            out += "\n**Metrics outside the siblings' range** (\(s.metricsOutsideRange.count))\n\n"
            out += s.metricsOutsideRange.isEmpty ? "None.\n" : "| metric | value | at | siblings' range |\n|---|---:|---|---|\n"
                + s.metricsOutsideRange.map { d in
                    "| \(text(d.metric)) | \(Markup.number(d.value)) \(text(d.unit)) (\(d.direction)) | \(time(d.time)) | \(Markup.number(d.siblingMin))–\(Markup.number(d.siblingMax)) |\n"
                }.joined()
        } else {
            out += "No siblings of the same image.\n"
        }
        out += notes(r.notes)
        return Self.singleBlankLines(out)
    }

    public func render(_ r: ImagePostmortemReport) -> String {
        var out = "# Post-mortem: image \(code(r.image))\n\n"
        out += "Generated \(time(r.generatedAt)) UTC from \(text(r.dataSource))"
        out += (r.previousImage.map { "; compared with \(code($0))" } ?? "") + ".\n"
        let c = r.instances
        out += "\n## Instances\n\n| total | running | terminated | lost | quarantined |\n|---:|---:|---:|---:|---:|\n"
        out += "| \(c.total) | \(c.running) | \(c.terminated) | \(c.lost) | \(c.quarantined) |\n"
        out += "\n## Worst instances\n\n"
        out += r.worstInstances.isEmpty ? "None.\n" : "| # | instance | state | score | reasons |\n|---:|---|---|---:|---|\n"
            + r.worstInstances.enumerated().map { i, w in
                "| \(i + 1) | \(code(w.instance)) | \(text(w.state)) | \(Markup.number(w.score)) | \(w.reasons.map(text).joined(separator: "<br>")) |\n"
            }.joined()
        out += "\n## New templates\n\n"
        if let previous = r.previousImage { out += "Templates not seen with \(code(previous)).\n\n" }
        out += r.newTemplates.isEmpty ? "None.\n" : templateTable(r.newTemplates)
        out += "\n## Error and warning templates\n\n" + templates(r.templates)
        out += notes(r.notes)
        return Self.singleBlankLines(out)
    }

    /// At most one blank line in a row (log text cannot add any: its control characters are escaped).
    static func singleBlankLines(_ s: String) -> String {
        var out = s
        while out.contains("\n\n\n") { out = out.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return out
    }

    // MARK: parts

    func templates(_ r: TemplateMinerResult) -> String {
        var out = "\(r.messages) messages in \(r.templates.count) templates"
        var extras: [String] = []
        if r.foldedLines > 0 { extras.append("\(r.foldedLines) stack-trace lines folded") }
        if r.evictedTemplates > 0 { extras.append("\(r.evictedTemplates) templates (\(r.evictedMessages) messages) evicted by the template limit") }
        if r.truncatedMessages > 0 { extras.append("\(r.truncatedMessages) long messages cut") }
        if !extras.isEmpty { out += " (" + extras.joined(separator: "; ") + ")" }
        out += ".\n"
        if r.templates.isEmpty { return out }
        out += "\n" + templateTable(r.templates)
        out += "\nExamples:\n\n"
        for (i, t) in r.templates.enumerated() {
            out += "\(i + 1). \(code(t.example, inTable: false))\n"
            if !t.exampleContinuation.isEmpty {
                let shown = Array(t.exampleContinuation.prefix(PostmortemTextRenderer.continuationLinesShown))
                let more = t.exampleContinuation.count - shown.count
                out += "\n" + fenced(shown + (more > 0 ? ["… \(more) more \(more == 1 ? "line" : "lines")"] : []), indent: "   ") + "\n"
            }
        }
        return out
    }

    func templateTable(_ list: [LogTemplate]) -> String {
        "| # | count | severity | first seen | last seen | app | template |\n|---:|---:|---|---|---|---|---|\n"
            + list.enumerated().map { i, t in
                "| \(i + 1) | \(t.count) | \(text(t.severityMix)) | \(time(t.firstSeen)) | \(time(t.lastSeen)) | \(text(t.app)) | \(code(t.template)) |\n"
            }.joined()
    }

    func metric(_ s: PostmortemMetricSeries, marker: Timestamp?) -> String {
        let chart = PostmortemCharts.chart(for: s, marker: marker, width: chartWidth, height: chartHeight)
        let values = s.values
        var summary = values.isEmpty ? "no data" :
            "min \(Markup.number(values.min()!)), max \(Markup.number(values.max()!)), last \(Markup.number(values.last!))"
        if let band = PostmortemTextRenderer.band(s) { summary += "; siblings \(Markup.number(band.min))–\(Markup.number(band.max))" }
        let alt = Markup.escape("\(s.name) (\(s.unit)): \(summary)")
        let base64 = Data(chart.render().utf8).base64EncodedString()
        var out = "### \(text(s.name)) (\(text(s.unit)))\n\n"
        out += "<img alt=\"\(alt)\" width=\"\(chartWidth)\" height=\"\(chartHeight)\" src=\"data:image/svg+xml;base64,\(base64)\">\n\n"
        out += "\(code(Sparkline.render(values: PostmortemTextRenderer.downsample(values, to: 60)))) \(text(summary))\n\n"
        return out
    }

    func notes(_ notes: [String]) -> String {
        notes.isEmpty ? "" : "\n## Notes\n\n" + notes.map { "- \(text($0))\n" }.joined()
    }

    // MARK: escaping

    /// Plain text with Markdown's punctuation escaped and `|` safe inside table cells.
    func text(_ s: String) -> String {
        var out = ""
        for c in LogLineRenderer.escapeControl(s) {
            if "\\`*_[]<>|~".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out.replacingOccurrences(of: "\n", with: " ")
    }

    /// A code span long enough to hold any backtick run inside; `|` escaped when it sits in a table cell.
    func code(_ s: String, inTable: Bool = true) -> String {
        let clean = LogLineRenderer.escapeControl(s.replacingTabs())
        var longest = 0, run = 0
        for c in clean {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = clean.hasPrefix("`") || clean.hasSuffix("`") ? " " : ""
        return fence + pad + (inTable ? clean.replacingOccurrences(of: "|", with: "\\|") : clean) + pad + fence
    }

    /// A fenced `text` block whose fence is longer than any backtick run in the lines.
    func fenced(_ lines: [String], indent: String = "") -> String {
        let clean = lines.map { LogLineRenderer.escapeControl($0.replacingTabs()) }
        var longest = 0
        for line in clean {
            var run = 0
            for c in line {
                run = c == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return indent + fence + "text\n" + clean.map { indent + $0 + "\n" }.joined() + indent + fence + "\n"
    }

    func time(_ rfc3339: String) -> String { InstanceTable.shortTime(rfc3339) }
}
