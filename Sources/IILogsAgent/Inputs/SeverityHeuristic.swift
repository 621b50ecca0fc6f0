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
    public static func detect(_ line: some Collection<UInt8>, fallback: Severity = .info) -> Severity {
        var examined = 0
        var word: [UInt8] = []
        var iterator = line.makeIterator()
        var exhausted = false
        while examined < wordsExamined, !exhausted {
            word.removeAll(keepingCapacity: true)
            while let byte = iterator.next() {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    if word.isEmpty { continue } else { break }
                }
                if word.count < maxWordBytes + 1 { word.append(byte) }
            }
            if word.isEmpty { exhausted = true; continue }
            examined += 1
            if let severity = severity(ofWord: word) { return severity }
        }
        return fallback
    }

    static func severity(ofWord raw: [UInt8]) -> Severity? {
        guard raw.count <= maxWordBytes else { return nil }
        var text = String(decoding: raw, as: UTF8.self).uppercased()[...]
        for prefix in ["LEVEL=", "SEVERITY="] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
        }
        let trimmed = text.trimmingPrefix(while: { "[(<\"'".contains($0) })
            .reversed().drop(while: { "])>:,\"'".contains($0) }).reversed()
        switch String(trimmed) {
        case "EMERG", "EMERGENCY", "PANIC": return .emergency
        case "ALERT": return .alert
        case "FATAL", "CRIT", "CRITICAL": return .critical
        case "ERR", "ERROR": return .error
        case "WARN", "WARNING": return .warning
        case "NOTICE": return .notice
        case "INFO": return .info
        case "DEBUG", "TRACE": return .debug
        default: return nil
        }
    }
}
