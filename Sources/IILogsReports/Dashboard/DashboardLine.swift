/// One line of a dashboard frame as styled segments, so it can be cut to the terminal's width before any colour
/// escape is added (an escape never counts as a column, and a cut never splits one).
struct DashboardLine: Sendable, Hashable {
    /// ANSI SGR styles the dashboard uses.
    enum Style: String, Sendable, Hashable {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case boldRed = "1;31"
    }

    struct Segment: Sendable, Hashable {
        var text: String
        var style: Style?
    }

    var segments: [Segment] = []

    init(_ text: String = "", _ style: Style? = nil) {
        if !text.isEmpty { segments = [Segment(text: text, style: style)] }
    }

    /// Columns, one per character (the dashboard draws only single-column characters).
    var width: Int { segments.reduce(0) { $0 + $1.text.count } }

    mutating func append(_ text: String, _ style: Style? = nil) {
        if !text.isEmpty { segments.append(Segment(text: text, style: style)) }
    }

    /// At most `columns` characters; a cut line ends with `…`.
    func truncated(to columns: Int) -> DashboardLine {
        guard width > columns else { return self }
        guard columns > 0 else { return DashboardLine() }
        var out = DashboardLine()
        var room = columns - 1
        for segment in segments where room > 0 {
            let part = String(segment.text.prefix(room))
            out.append(part, segment.style)
            room -= part.count
        }
        out.append("…", segments.last?.style)
        return out
    }

    /// The text, with ANSI colours when `colour` is true; trailing spaces are dropped.
    func render(colour: Bool) -> String {
        var parts = segments
        while let last = parts.last {
            let trimmed = String(last.text.reversed().drop { $0 == " " }.reversed())
            if trimmed.isEmpty {
                parts.removeLast()
                continue
            }
            parts[parts.count - 1].text = trimmed
            break
        }
        return parts.map { segment in
            guard colour, let style = segment.style else { return segment.text }
            return "\u{1B}[\(style.rawValue)m\(segment.text)\u{1B}[0m"
        }.joined()
    }
}
