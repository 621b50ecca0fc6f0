public import IILogsCore

/// Renders an instance's timeline: an aligned table for people (UTC RFC 3339 times, offsets from the
/// first entry), pretty JSON, or one entry per line (JSON Lines) for scripts.
public enum TimelineRenderer {
    public static func render(_ timeline: APITimeline, format: OutputFormat) -> String {
        switch format {
        case .json: return LogLineRenderer.encode(timeline, pretty: true) + "\n"
        case .jsonl: return timeline.entries.map { LogLineRenderer.encode($0, pretty: false) + "\n" }.joined()
        case .text: return text(timeline)
        }
    }

    public static func text(_ t: APITimeline) -> String {
        var out = "instance \(t.instance)  image \(t.image)  state \(t.state)\n"
        out += "boots    \(t.boots.count)"
        for boot in t.boots {
            out += "\n  \(boot.boot)  first seen \(screenTime(boot.firstSeen))"
            if let uptime = boot.uptimeSeconds { out += "  uptime \(offset(uptime).dropFirst())" }
        }
        out += "\nheartbeats \(t.heartbeats)"
        if let interval = t.heartbeatIntervalSeconds { out += ", every \(offset(interval).dropFirst())" }
        out += "\n\n"
        var rows = [["TIME", "OFFSET", "KIND", "WHAT", "SOURCE", "DETAIL"]]
        for e in t.entries {
            var detail = LogLineRenderer.escapeControl(e.detail)
            if let until = e.until { detail += " (until \(screenTime(until)))" }
            rows.append([e.time.map(screenTime) ?? "-", e.offsetSeconds.map(offset) ?? "-", e.kind, e.name, e.source ?? "-", detail])
        }
        let table = InstanceTable.table(rows).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.reversed().drop { $0 == " " }.reversed() }.map { String($0) }.joined(separator: "\n")
        return out + table
    }

    /// `2026-11-23T09:00:00.123456789Z` → `2026-11-23T09:00:00.123Z` (milliseconds are enough on screen).
    static func screenTime(_ rfc3339: String) -> String {
        rfc3339.count == 30 ? String(rfc3339.prefix(23)) + "Z" : rfc3339
    }

    /// `+0.000s`, `+5.250s`, `+1m05.250s`, `+2h03m04s`.
    static func offset(_ seconds: Double) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let milliseconds = Int64((abs(seconds) * 1000).rounded())
        let (h, m, s, ms) = (milliseconds / 3_600_000, milliseconds / 60_000 % 60, milliseconds / 1000 % 60, milliseconds % 1000)
        let msText = String(ms).leftPadded(to: 3)
        if h > 0 { return "\(sign)\(h)h\(String(m).leftPadded(to: 2))m\(String(s).leftPadded(to: 2))s" }
        if m > 0 { return "\(sign)\(m)m\(String(s).leftPadded(to: 2)).\(msText)s" }
        return "\(sign)\(s).\(msText)s"
    }
}
