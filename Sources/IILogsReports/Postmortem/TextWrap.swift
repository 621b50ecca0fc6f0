/// Word wrapping for the text report: breaks at spaces, cuts words longer than the width.
enum TextWrap {
    /// `text` as lines of at most `width` characters; continuation lines start with `indent`
    /// (the first line with `firstIndent`). Control characters are escaped first.
    static func wrap(_ text: String, width: Int, firstIndent: String = "", indent: String = "") -> [String] {
        let clean = LogLineRenderer.escapeControl(text.replacingTabs())
        var lines: [String] = []
        var current = firstIndent
        var currentIndent = firstIndent
        for word in clean.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(word)
            let room = width - current.count
            let needsSpace = current.count > currentIndent.count
            if word.count + (needsSpace ? 1 : 0) <= room {
                current += (needsSpace ? " " : "") + word
                continue
            }
            if needsSpace {
                lines.append(current)
                current = indent
                currentIndent = indent
            }
            while current.count + word.count > width {
                let take = max(width - current.count, 1)
                current += word.prefix(take)
                word = word.dropFirst(take)
                lines.append(current)
                current = indent
                currentIndent = indent
            }
            current += word
        }
        lines.append(current)
        return lines.map { $0.trailingSpacesTrimmed() }
    }
}

extension String {
    func replacingTabs() -> String { contains("\t") ? split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : self }

    func trailingSpacesTrimmed() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    func padded(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
