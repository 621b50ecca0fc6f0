import IILogsCore

/// The `--format html` report: one self-contained file (inline CSS, inline SVG charts, no scripts, no
/// external assets) that reads on screen and prints cleanly. Every section has an `id` (``sectionIDs``);
/// all log text is escaped.
public struct PostmortemHTMLRenderer: Sendable {
    public var chartWidth: Int
    public var chartHeight: Int

    public init(chartWidth: Int = 720, chartHeight: Int = 200) {
        self.chartWidth = chartWidth
        self.chartHeight = chartHeight
    }

    /// Section ids of the instance report, in order (`notes` only when there are notes).
    public static let sectionIDs = ["identity", "timeline", "flags", "last-lines", "templates", "metrics", "siblings", "notes"]
    /// Section ids of the image report, in order.
    public static let imageSectionIDs = ["instances", "worst-instances", "new-templates", "templates", "notes"]

    public func render(_ r: PostmortemReport) -> String {
        let id = r.identity
        var sections: [(String, String, String)] = []
        sections.append(("identity", "Identity", identity(id)))
        sections.append(("timeline", "Timeline", r.timeline.isEmpty ? "<p class=\"none\">No lifecycle events.</p>\n" : table(
            ["Time (UTC)", "Kind", "Event"], r.timeline.map { [time($0.time), e($0.kind), e($0.text)] }, classes: ["nowrap", "nowrap", ""])))
        sections.append(("flags", "Quarantine flags", r.flags.isEmpty ? "<p class=\"none\">None.</p>\n" : r.flags.map(flag).joined()))
        sections.append(("last-lines", "Last lines before the end", lastLines(r)))
        sections.append(("templates", "Error and warning templates", templates(r.templates)))
        let marker = id.end.flatMap { RFC3339.parse($0) }
        sections.append(("metrics", "Metrics around the end", r.metrics.isEmpty ? "<p class=\"none\">No metrics.</p>\n"
            : r.metrics.map { metric($0, marker: marker) }.joined()))
        sections.append(("siblings", "Compared with siblings", siblings(r.siblings, image: id.image)))
        if !r.notes.isEmpty { sections.append(("notes", "Notes", "<ul>\n" + r.notes.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n")) }
        let title = "Post-mortem: instance <code>\(e(id.instance))</code> <span class=\"sub\">image <code>\(e(id.image))</code></span>"
        return page(title: "Post-mortem \(id.instance) (\(id.image))", heading: title,
                    meta: "Generated \(time(r.generatedAt)) UTC from \(e(r.dataSource)). State: <strong>\(e(id.state))</strong>.",
                    sections: sections)
    }

    public func render(_ r: ImagePostmortemReport) -> String {
        let c = r.instances
        var sections: [(String, String, String)] = []
        sections.append(("instances", "Instances", table(["Total", "Running", "Terminated", "Lost", "Quarantined"],
                                                         [[c.total, c.running, c.terminated, c.lost, c.quarantined].map(String.init)],
                                                         classes: ["num", "num", "num", "num", "num"])))
        sections.append(("worst-instances", "Worst instances", r.worstInstances.isEmpty ? "<p class=\"none\">None.</p>\n" : table(
            ["#", "Instance", "State", "Score", "Reasons"],
            r.worstInstances.enumerated().map { i, w in
                [String(i + 1), "<code>\(e(w.instance))</code>", e(w.state), Markup.number(w.score), w.reasons.map(e).joined(separator: "<br>")]
            }, classes: ["num", "nowrap", "", "num", ""])))
        let intro = r.previousImage.map { "<p>Templates not seen with <code>\(e($0))</code>.</p>\n" } ?? ""
        sections.append(("new-templates", "New templates", intro + (r.newTemplates.isEmpty ? "<p class=\"none\">None.</p>\n" : templateTable(r.newTemplates))))
        sections.append(("templates", "Error and warning templates", templates(r.templates)))
        if !r.notes.isEmpty { sections.append(("notes", "Notes", "<ul>\n" + r.notes.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n")) }
        let against = r.previousImage.map { "; compared with <code>\(e($0))</code>" } ?? ""
        return page(title: "Post-mortem image \(r.image)", heading: "Post-mortem: image <code>\(e(r.image))</code>",
                    meta: "Generated \(time(r.generatedAt)) UTC from \(e(r.dataSource))\(against).", sections: sections)
    }

    // MARK: page

    func page(title: String, heading: String, meta: String, sections: [(id: String, title: String, body: String)]) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>\(heading)</h1>\n<p class=\"meta\">\(meta)</p>\n<nav aria-label=\"Sections\"><ol>\n"
        out += sections.map { "<li><a href=\"#\($0.id)\">\(e($0.title))</a></li>\n" }.joined()
        out += "</ol></nav>\n</header>\n<main>\n"
        out += sections.map { "<section id=\"\($0.id)\">\n<h2>\(e($0.title))</h2>\n\($0.body)</section>\n" }.joined()
        return out + "</main>\n</body>\n</html>\n"
    }

    // MARK: sections

    func identity(_ id: PostmortemIdentity) -> String {
        var rows: [[String]] = [["Instance", "<code>\(e(id.instance))</code>"], ["Image", "<code>\(e(id.image))</code>"], ["State", e(id.state)],
                                ["First seen", time(id.firstSeen)], ["Last seen", time(id.lastSeen)]]
        if let end = id.end { rows.append(["Ended", time(end) + (id.endReason.map { " (\(e($0)))" } ?? "")]) }
        rows.append(["Boots", id.boots.isEmpty ? "-" : id.boots.map { "<code>\(e($0.id))</code> \(time($0.firstSeen)) → \(time($0.lastSeen))" }.joined(separator: "<br>")])
        rows.append(["Labels", id.labels.isEmpty ? "-" : id.labels.sorted { $0.key < $1.key }.map { "<code>\(e($0.key))=\(e($0.value))</code>" }.joined(separator: " ")])
        return "<table class=\"kv\">\n" + rows.map { "<tr><th scope=\"row\">\($0[0])</th><td>\($0[1])</td></tr>\n" }.joined() + "</table>\n"
    }

    func flag(_ f: QuarantineFlagEntry) -> String {
        var out = "<div class=\"flag\">\n<p><strong>\(e(f.rule))</strong> → \(e(f.action)) at \(time(f.time))</p>\n<p>\(e(f.reason))</p>\n"
        if let released = f.released { out += "<p class=\"none\">Released \(e(released))</p>\n" }
        if !f.evidence.isEmpty { out += "<pre class=\"log\">" + f.evidence.map(e).joined(separator: "\n") + "</pre>\n" }
        return out + "</div>\n"
    }

    func lastLines(_ r: PostmortemReport) -> String {
        var out = "<p>\(r.lastLines.count) of up to \(r.lastLinesRequested) lines.</p>\n"
        guard !r.lastLines.isEmpty else { return out }
        out += "<pre class=\"log\">"
        out += r.lastLines.map { l in
            "<span class=\"\(Self.severityClass(l.severity))\">\(time(l.time)) \(e(l.severity.padded(to: 7))) \(e(l.app.isEmpty ? "-" : l.app)): \(e(l.message))</span>"
        }.joined(separator: "\n")
        return out + "</pre>\n"
    }

    func templates(_ r: TemplateMinerResult) -> String {
        var summary = "\(r.messages) messages in \(r.templates.count) templates"
        var extras: [String] = []
        if r.foldedLines > 0 { extras.append("\(r.foldedLines) stack-trace lines folded") }
        if r.evictedTemplates > 0 { extras.append("\(r.evictedTemplates) templates (\(r.evictedMessages) messages) evicted by the template limit") }
        if r.truncatedMessages > 0 { extras.append("\(r.truncatedMessages) long messages cut") }
        if !extras.isEmpty { summary += " (" + extras.joined(separator: "; ") + ")" }
        return "<p>\(summary).</p>\n" + (r.templates.isEmpty ? "" : templateTable(r.templates))
    }

    func templateTable(_ list: [LogTemplate]) -> String {
        var out = "<table class=\"templates\">\n<thead><tr><th class=\"num\">#</th><th class=\"num\">Count</th><th>Severity</th><th>First seen</th><th>Last seen</th><th>App</th><th>Template and example</th></tr></thead>\n<tbody>\n"
        for (i, t) in list.enumerated() {
            out += "<tr><td class=\"num\">\(i + 1)</td><td class=\"num\">\(t.count)</td><td>\(e(t.severityMix))</td>"
            out += "<td class=\"nowrap\">\(time(t.firstSeen))</td><td class=\"nowrap\">\(time(t.lastSeen))</td><td>\(e(t.app))</td>"
            out += "<td><code class=\"template\">\(e(t.template))</code><div class=\"example\">e.g. <code>\(e(t.example))</code></div>"
            if !t.exampleContinuation.isEmpty {
                let shown = t.exampleContinuation.prefix(PostmortemTextRenderer.continuationLinesShown)
                let more = t.exampleContinuation.count - shown.count
                out += "<pre class=\"trace\">" + shown.map(e).joined(separator: "\n") + (more > 0 ? "\n… \(more) more \(more == 1 ? "line" : "lines")" : "") + "</pre>"
            }
            out += "</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func metric(_ s: PostmortemMetricSeries, marker: Timestamp?) -> String {
        let chart = PostmortemCharts.chart(for: s, marker: marker, width: chartWidth, height: chartHeight)
        let values = s.values
        var caption = values.isEmpty ? "no data" :
            "min \(Markup.number(values.min()!)), max \(Markup.number(values.max()!)), last \(Markup.number(values.last!))"
        if let band = PostmortemTextRenderer.band(s) { caption += "; siblings' range (shaded) \(Markup.number(band.min))–\(Markup.number(band.max))" }
        return "<figure class=\"chart\" id=\"metric-\(Self.slug(s.name))\">\n" + chart.render()
            + "<figcaption>\(e(s.name)) (\(e(s.unit))): \(e(caption))</figcaption>\n</figure>\n"
    }

    func siblings(_ s: SiblingComparison?, image: String) -> String {
        guard let s else { return "<p class=\"none\">No siblings of the same image.</p>\n" }
        var out = "<p>Compared with \(s.siblingCount) other instances of <code>\(e(image))</code>.</p>\n"
        out += "<h3>Templates only this instance logged (\(s.uniqueTemplates.count))</h3>\n"
        out += s.uniqueTemplates.isEmpty ? "<p class=\"none\">None.</p>\n"
            : table(["Count", "Template"], s.uniqueTemplates.map { [String($0.count), "<code>\(e($0.template))</code>"] }, classes: ["num", ""])
        out += "<h3>Metrics outside the siblings' range (\(s.metricsOutsideRange.count))</h3>\n"
        out += s.metricsOutsideRange.isEmpty ? "<p class=\"none\">None.</p>\n" : table(
            ["Metric", "Value", "At", "Siblings' range"],
            s.metricsOutsideRange.map { d in
                [e(d.metric), "\(Markup.number(d.value)) \(e(d.unit)) (\(d.direction))", time(d.time),
                 "\(Markup.number(d.siblingMin))–\(Markup.number(d.siblingMax))"]
            }, classes: ["", "num", "nowrap", ""])
        return out
    }

    // MARK: helpers

    /// A table of already-escaped cells.
    func table(_ header: [String], _ rows: [[String]], classes: [String]) -> String {
        func cls(_ i: Int) -> String { i < classes.count && !classes[i].isEmpty ? " class=\"\(classes[i])\"" : "" }
        var out = "<table>\n<thead><tr>" + header.enumerated().map { "<th\(cls($0))>\(e($1))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        out += rows.map { "<tr>" + $0.enumerated().map { "<td\(cls($0))>\($1)</td>" }.joined() + "</tr>\n" }.joined()
        return out + "</tbody>\n</table>\n"
    }

    static func severityClass(_ severity: String) -> String {
        switch Severity(name: severity) {
        case .emergency, .alert, .critical, .error: "sev-err"
        case .warning: "sev-warn"
        case .debug: "sev-debug"
        default: "sev-info"
        }
    }

    /// Lowercase letters, digits and `-` for an id.
    static func slug(_ s: String) -> String {
        String(s.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    func e(_ s: String) -> String { Markup.escape(s) }
    func time(_ rfc3339: String) -> String { e(InstanceTable.shortTime(rfc3339)) }
}
