public import IILogsCore

/// Guesses a tailed line's severity from a level word near its start.
///
/// The heuristic, kept small on purpose: look at the first ``wordsExamined`` whitespace-separated
/// words; strip surrounding brackets, parentheses, angle brackets, a trailing `:` or `,` and a
/// `level=`/`severity=` prefix; the first word that names a level (case-insensitive) wins:
///
/// | words | severity |
/// |---|---|
/// | EMERG, EMERGENCY, PANIC | emergency |
/// | ALERT | alert |
/// | FATAL, CRIT, CRITICAL | critical |
/// | ERR, ERROR | error |
/// | WARN, WARNING | warning |
/// | NOTICE | notice |
/// | INFO | info |
/// | DEBUG, TRACE | debug |
///
/// Otherwise the line is `.info`. Known false positive: a sentence that starts "Error count is 0".
public enum SeverityHeuristic {
    /// How many leading words may hold the level (room for a date, a time and a thread name).
    public static let wordsExamined = 4
    /// Longest word considered, in bytes (level words are short; this bounds the work per line).
    static let maxWordBytes = 24

    /// The detected severity, or `fallback` when no level word leads the line.
    ///
    /// Works on bytes (ASCII case folding): it runs for every tailed line, and the `String` version it replaced
    /// was half of the agent's CPU at 1,000 lines/s (docs/PERFORMANCE.md, fifth session).
    public static func detect(_ line: some Collection<UInt8>, fallback: Severity = .info) -> Severity {
        var examined = 0
        var word = WordBuffer()
        var iterator = line.makeIterator()
        var exhausted = false
        while examined < wordsExamined, !exhausted {
            word.count = 0
            while let byte = iterator.next() {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    if word.count == 0 { continue } else { break }
                }
                word.append(byte)
            }
            if word.count == 0 { exhausted = true; continue }
            examined += 1
            if let severity = word.severity() { return severity }
        }
        return fallback
    }

    /// The severity one whitespace-separated word names, if any (see the table above).
    static func severity(ofWord raw: [UInt8]) -> Severity? {
        var word = WordBuffer()
        for byte in raw { word.append(byte) }
        return word.severity()
    }

    /// One word, upper-cased (ASCII), on the stack: at most ``maxWordBytes`` bytes are kept, and a longer
    /// word is remembered as too long (no level word is).
    struct WordBuffer {
        var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0

        mutating func append(_ byte: UInt8) {
            guard count <= SeverityHeuristic.maxWordBytes else { return }
            defer { count += 1 }
            guard count < SeverityHeuristic.maxWordBytes else { return }
            let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
            withUnsafeMutableBytes(of: &bytes) { $0[count] = upper }
        }

        func severity() -> Severity? {
            guard count <= SeverityHeuristic.maxWordBytes else { return nil }
            return withUnsafeBytes(of: bytes) { buffer in
                var word = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                for prefix in [Self.levelPrefix, Self.severityPrefix] where word.starts(with: prefix) {
                    word = UnsafeRawBufferPointer(rebasing: word[prefix.count...])
                }
                while let first = word.first, Self.opening.contains(first) { word = UnsafeRawBufferPointer(rebasing: word.dropFirst()) }
                while let last = word.last, Self.closing.contains(last) { word = UnsafeRawBufferPointer(rebasing: word.dropLast()) }
                for (name, severity) in Self.levels where word.elementsEqual(name) { return severity }
                return nil
            }
        }

        static let levelPrefix = Array("LEVEL=".utf8)
        static let severityPrefix = Array("SEVERITY=".utf8)
        static let opening = Array("[(<\"'".utf8)
        static let closing = Array("])>:,\"'".utf8)
        static let levels: [([UInt8], Severity)] = ([
            ("EMERG", .emergency), ("EMERGENCY", .emergency), ("PANIC", .emergency), ("ALERT", .alert),
            ("FATAL", .critical), ("CRIT", .critical), ("CRITICAL", .critical), ("ERR", .error), ("ERROR", .error),
            ("WARN", .warning), ("WARNING", .warning), ("NOTICE", .notice), ("INFO", .info), ("DEBUG", .debug), ("TRACE", .debug),
        ] as [(String, Severity)]).map { (Array($0.0.utf8), $0.1) }
    }
}
