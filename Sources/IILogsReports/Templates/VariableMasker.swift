/// Drain's preprocessing: replaces obvious variables with typed placeholders before the tree sees a line.
///
/// Works per whitespace-separated token, after quoted strings are masked for the whole line:
/// 1. Punctuation around a token (`(`, `[`, `"`; `)`, `]`, `,`, `;`, `:`, `.`) is kept aside.
/// 2. The rest is classified whole: UUID, URL, IPv4 (with `:port`, `/prefix`), IPv6, path, `0x…` hex,
///    duration (`250ms`, `1m30s`), number (with a short unit such as `kB` or `%`), bare hex of 8+
///    characters with a digit.
/// 3. Otherwise `key=value` and `key:value` keep the key and mask a classifiable value (`pid=<NUM>`,
///    `Foo.java:<NUM>`).
/// 4. Otherwise digit runs bounded by non-alphanumerics become `<NUM>` (`sshd[<NUM>]`, `<NUM>:<NUM>:<NUM>`),
///    while digits inside words stay (`eth0`, `sha256`).
public enum VariableMasker {
    /// The masked tokens of `message`.
    public static func tokens(_ message: String, maskVariables: Bool = true, maskQuotedStrings: Bool = true) -> [String] {
        let line = maskQuotedStrings ? maskQuoted(message) : message
        let raw = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard maskVariables else { return raw.map(String.init) }
        return raw.map { maskToken($0) }
    }

    /// Replaces `"…"` and `'…'` that begin a token (after start, space, `=`, `(`, `[`, `:` or `,`) with `<STR>`.
    /// An apostrophe inside a word (`can't`) is left alone; an unclosed quote is left as it is.
    public static func maskQuoted(_ s: String) -> String {
        guard s.contains("\"") || s.contains("'") else { return s }
        let chars = Array(s)
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\"" || c == "'", i == 0 || " \t=([:,".contains(chars[i - 1]) {
                var j = i + 1
                while j < chars.count, chars[j] != c {
                    if chars[j] == "\\" { j += 1 }
                    j += 1
                }
                if j < chars.count {
                    out += TemplatePlaceholder.string.rawValue
                    i = j + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    static let leading: Set<UInt8> = Set("([{\"'".utf8)
    static let trailing: Set<UInt8> = Set(")]},;:.\"'".utf8)

    /// One token masked (see the type's steps).
    public static func maskToken(_ token: Substring) -> String {
        let b = Array(token.utf8)
        var start = 0
        var end = b.count
        while start < end, leading.contains(b[start]) { start += 1 }
        while end > start, trailing.contains(b[end - 1]) { end -= 1 }
        guard start < end else { return String(token) }
        let core = Array(b[start..<end])
        if TemplatePlaceholder.isPlaceholder(String(decoding: core, as: UTF8.self)) { return String(token) }
        let prefix = String(decoding: b[0..<start], as: UTF8.self)
        let suffix = String(decoding: b[end...], as: UTF8.self)
        if let kind = classify(core) { return prefix + kind.rawValue + suffix }
        if let keyed = maskKeyValue(core) { return prefix + keyed + suffix }
        return prefix + maskDigitRuns(core) + suffix
    }

    /// `key=value` / `key:value` with a classifiable value.
    static func maskKeyValue(_ b: [UInt8]) -> String? {
        guard let sep = b.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }), sep > 0, sep < b.count - 1 else {
            return nil
        }
        let key = b[..<sep]
        guard key.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }),
              key.contains(where: isLetter)
        else { return nil }
        let value = Array(b[(sep + 1)...])
        if b[sep] == UInt8(ascii: "=") {
            let masked = maskToken(Substring(String(decoding: value, as: UTF8.self)))
            return String(decoding: b[...sep], as: UTF8.self) + masked
        }
        guard let kind = classify(value) else { return nil }
        return String(decoding: b[...sep], as: UTF8.self) + kind.rawValue
    }

    /// Digit runs (with inner `.`) bounded by non-alphanumerics become `<NUM>`.
    static func maskDigitRuns(_ b: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if isDigit(b[i]), i == 0 || !isAlnum(b[i - 1]) {
                var j = i
                while j < b.count, isDigit(b[j]) || (b[j] == UInt8(ascii: ".") && j + 1 < b.count && isDigit(b[j + 1])) { j += 1 }
                if j == b.count || !isAlnum(b[j]) {
                    out += TemplatePlaceholder.number.rawValue.utf8
                    i = j
                    continue
                }
                out += b[i..<j]
                i = j
                continue
            }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
