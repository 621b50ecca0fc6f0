/// The `--format text` report: plain text for a terminal or a ticket, wrapped to a width, no colours;
/// metrics as Unicode sparklines. Deterministic: the same report gives the same bytes.
public struct PostmortemTextRenderer: Sendable {
    /// Columns to wrap at. Default 100; at least ``minimumWidth``.
    public var width: Int
    public static let minimumWidth = 60

    public init(width: Int = 100) {
        self.width = max(width, Self.minimumWidth)
    }

    public func render(_ r: PostmortemReport) -> String {
        var out = line("POST-MORTEM of instance \(r.identity.instance) (image \(r.identity.image))")
        out += line("Generated \(time(r.generatedAt)) UTC from \(r.dataSource)")
        out += section("Identity")
        out += identity(r.identity)
        out += section("Timeline")
        out += r.timeline.isEmpty ? line("  (no lifecycle events)") : timeline(r.timeline)
        out += section("Quarantine flags")
        out += r.flags.isEmpty ? line("  (none)") : flags(r.flags)
        out += section("Last lines before the end (\(r.lastLines.count) of up to \(r.lastLinesRequested))")
        out += r.lastLines.isEmpty ? line("  (no lines)") : r.lastLines.map(logLine).joined()
        out += section("Error and warning templates")
        out += templates(r.templates)
        out += section("Metrics around the end")
        out += r.metrics.isEmpty ? line("  (no metrics)") : metrics(r.metrics)
        out += section("Compared with siblings")
        if let s = r.siblings { out += siblings(s, image: r.identity.image) } else { out += line("  (no siblings of the same image)") }
        if !r.notes.isEmpty {
            out += section("Notes")
            out += r.notes.map { wrapped($0, first: "  - ", rest: "    ") }.joined()
        }
        return out
    }

    public func render(_ r: ImagePostmortemReport) -> String {
        var out = line("POST-MORTEM of image \(r.image)" + (r.previousImage.map { " (compared with \($0))" } ?? ""))
        out += line("Generated \(time(r.generatedAt)) UTC from \(r.dataSource)")
        out += section("Instances")
        let c = r.instances
        out += line("  \(c.total) instances: \(c.running) running, \(c.terminated) terminated, \(c.lost) lost, \(c.quarantined) quarantined")
        out += section("Worst instances")
        if r.worstInstances.isEmpty { out += line("  (none)") }
        for (i, w) in r.worstInstances.enumerated() {
            out += line("  \(i + 1). \(w.instance)  \(w.state)  score \(Markup.number(w.score))")
            out += w.reasons.map { wrapped($0, first: "     - ", rest: "       ") }.joined()
        }
        out += section("New templates" + (r.previousImage.map { " (not seen with \($0))" } ?? ""))
        out += r.newTemplates.isEmpty ? line("  (none)") : templateList(r.newTemplates)
        out += section("Error and warning templates")
        out += templates(r.templates)
        if !r.notes.isEmpty {
            out += section("Notes")
            out += r.notes.map { wrapped($0, first: "  - ", rest: "    ") }.joined()
        }
        return out
    }

    // MARK: sections

    func identity(_ id: PostmortemIdentity) -> String {
        var rows: [(String, String)] = [("instance", id.instance), ("image", id.image), ("state", id.state),
                                        ("first seen", time(id.firstSeen)), ("last seen", time(id.lastSeen))]
        if let end = id.end { rows.append(("ended", time(end) + (id.endReason.map { " (\($0))" } ?? ""))) }
        for (i, boot) in id.boots.enumerated() {
            rows.append((i == 0 ? "boots" : "", "\(boot.id)  \(time(boot.firstSeen)) → \(time(boot.lastSeen))"))
        }
        rows.append(("labels", id.labels.isEmpty ? "-" : id.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        return rows.map { wrapped($1, first: "  " + $0.padded(to: 12), rest: String(repeating: " ", count: 14)) }.joined()
    }

    func timeline(_ entries: [TimelineEntry]) -> String {
        let kindWidth = entries.map(\.kind.count).max() ?? 0
        return entries.map { e in
            let head = "  \(time(e.time))  \(e.kind.padded(to: kindWidth))  "
            return wrapped(e.text, first: head, rest: String(repeating: " ", count: head.count))
        }.joined()
    }

    func flags(_ flags: [QuarantineFlagEntry]) -> String {
        flags.map { f in
            var out = wrapped("\(f.rule) → \(f.action)", first: "  \(time(f.time))  ", rest: "    ")
            out += wrapped(f.reason, first: "    reason: ", rest: "            ")
            if let released = f.released { out += wrapped(released, first: "    released: ", rest: "              ") }
            if !f.evidence.isEmpty {
                out += line("    evidence:")
                out += f.evidence.map { wrapped($0, first: "      | ", rest: "      | ") }.joined()
            }
            return out
        }.joined()
    }

    func logLine(_ l: ReportLogLine) -> String {
        let head = "  \(time(l.time)) \(l.severity.padded(to: 7)) \(l.app.isEmpty ? "-" : l.app): "
        return wrapped(l.message, first: head, rest: "      ")
    }

    func templates(_ r: TemplateMinerResult) -> String {
        var summary = "\(r.messages) messages in \(r.templates.count) templates"
        var extras: [String] = []
        if r.foldedLines > 0 { extras.append("\(r.foldedLines) stack-trace lines folded") }
        if r.evictedTemplates > 0 { extras.append("\(r.evictedTemplates) templates (\(r.evictedMessages) messages) evicted by the template limit") }
        if r.truncatedMessages > 0 { extras.append("\(r.truncatedMessages) long messages cut") }
        if !extras.isEmpty { summary += " (" + extras.joined(separator: "; ") + ")" }
        return wrapped(summary, first: "  ", rest: "    ") + (r.templates.isEmpty ? "" : templateList(r.templates))
    }

    func templateList(_ list: [LogTemplate]) -> String {
        list.enumerated().map { i, t in
            var out = line("  #\(i + 1)  ×\(t.count)  \(t.severityMix)  \(time(t.firstSeen)) → \(time(t.lastSeen))  \(t.app.isEmpty ? "-" : t.app)")
            out += wrapped(t.template, first: "      ", rest: "        ")
            out += wrapped(t.example, first: "      e.g. ", rest: "        ")
            out += t.exampleContinuation.prefix(Self.continuationLinesShown).map { wrapped($0, first: "        ", rest: "          ") }.joined()
            if t.exampleContinuation.count > Self.continuationLinesShown {
                let more = t.exampleContinuation.count - Self.continuationLinesShown
                out += line("        … \(more) more \(more == 1 ? "line" : "lines")")
            }
            return out
        }.joined()
    }

    /// Stack-trace lines shown under a template's example.
    public static let continuationLinesShown = 4

    func metrics(_ series: [PostmortemMetricSeries]) -> String {
        let nameWidth = series.map { "\($0.name) (\($0.unit))".count }.max() ?? 0
        let sparkWidth = max(width - nameWidth - 6 - 56, 8)  // room for the figures after the sparkline
        return series.map { s in
            let values = s.values
            let label = "\(s.name) (\(s.unit))".padded(to: nameWidth)
            let spark = Sparkline.render(values: Self.downsample(values, to: sparkWidth))
            var stats = values.isEmpty ? "no data" :
                "min \(Markup.number(values.min()!)) max \(Markup.number(values.max()!)) last \(Markup.number(values.last!))"
            if let band = Self.band(s) { stats += "  siblings \(Markup.number(band.min))–\(Markup.number(band.max))" }
            return wrapped(stats, first: "  \(label)  \(spark.padded(to: sparkWidth))  ", rest: "    ")
        }.joined()
    }

    func siblings(_ s: SiblingComparison, image: String) -> String {
        var out = line("  Compared with \(s.siblingCount) other instances of \(image).")
        out += line("  Templates only this instance logged (\(s.uniqueTemplates.count)):")
        out += s.uniqueTemplates.isEmpty ? line("    (none)") : s.uniqueTemplates.map { t in
            wrapped(t.template, first: "    ×\(t.count)  ", rest: "        ")
        }.joined()
        out += line("  Metrics outside the siblings' range (\(s.metricsOutsideRange.count)):")
        out += s.metricsOutsideRange.isEmpty ? line("    (none)") : s.metricsOutsideRange.map { d in
            wrapped("\(d.metric) \(Markup.number(d.value)) \(d.unit) at \(time(d.time)), \(d.direction) \(Markup.number(d.siblingMin))–\(Markup.number(d.siblingMax))",
                    first: "    ", rest: "      ")
        }.joined()
        return out
    }

    // MARK: helpers

    /// The siblings' overall range: the summary, or the extremes of the per-point band.
    static func band(_ s: PostmortemMetricSeries) -> ValueRange? {
        if let r = s.siblingRange { return r }
        let lows = s.points.compactMap(\.siblingMin), highs = s.points.compactMap(\.siblingMax)
        guard let l = lows.min(), let h = highs.max() else { return nil }
        return ValueRange(min: l, max: h)
    }

    /// At most `n` values: bucket means, so a long series fits the line.
    static func downsample(_ values: [Double], to n: Int) -> [Double] {
        guard values.count > n, n > 0 else { return values }
        return (0..<n).map { i in
            let lo = i * values.count / n, hi = (i + 1) * values.count / n
            let bucket = values[lo..<max(hi, lo + 1)]
            return bucket.reduce(0, +) / Double(bucket.count)
        }
    }

    func section(_ title: String) -> String { "\n" + title + "\n" + String(repeating: "=", count: title.count) + "\n" }
    /// `s` wrapped to the width, continuation lines indented two more than its own indentation.
    func line(_ s: String) -> String {
        let indent = String(s.prefix { $0 == " " })
        return wrapped(String(s.dropFirst(indent.count)), first: indent, rest: indent + "    ")
    }
    func wrapped(_ s: String, first: String, rest: String) -> String {
        TextWrap.wrap(s, width: width, firstIndent: first, indent: rest).map { $0 + "\n" }.joined()
    }
    func time(_ rfc3339: String) -> String { InstanceTable.shortTime(rfc3339) }
}
