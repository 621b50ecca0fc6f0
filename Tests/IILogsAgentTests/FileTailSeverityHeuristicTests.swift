import IILogsAgent
import IILogsCore
import Testing

@Suite("SeverityHeuristic")
struct FileTailSeverityHeuristicTests {
    @Test(arguments: [
        ("ERROR disk full", Severity.error),
        ("2026-11-23 09:00:00 WARN slow request", .warning),
        ("[INFO] started", .info),
        ("level=debug msg=x", .debug),
        ("FATAL: out of memory", .critical),
        ("2026-11-23T09:00:00Z [main] crit: boom", .critical),
        ("panic: nil map", .emergency),
        ("just a line", .info),
        ("a b c d ERROR too late", .info),
        ("ERRORS are plural", .info),
        ("", .info),
    ])
    func detectsALeadingLevelWord(line: String, expected: Severity) {
        #expect(SeverityHeuristic.detect(Array(line.utf8)) == expected)
    }
}

/// The byte-level heuristic against the `String` version it replaced (kept here as the reference), on seeded
/// random lines built from level words in any case, brackets, prefixes, punctuation and noise.
@Suite("SeverityHeuristic on bytes")
struct SeverityHeuristicEquivalenceTests {
    static func reference(_ line: [UInt8]) -> Severity {
        let words = line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }).prefix(SeverityHeuristic.wordsExamined)
        for raw in words {
            guard raw.count <= 24 else { continue }
            var text = String(decoding: raw, as: UTF8.self).uppercased()[...]
            for prefix in ["LEVEL=", "SEVERITY="] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
            let trimmed = text.trimmingPrefix(while: { "[(<\"'".contains($0) }).reversed().drop(while: { "])>:,\"'".contains($0) }).reversed()
            switch String(trimmed) {
            case "EMERG", "EMERGENCY", "PANIC": return .emergency
            case "ALERT": return .alert
            case "FATAL", "CRIT", "CRITICAL": return .critical
            case "ERR", "ERROR": return .error
            case "WARN", "WARNING": return .warning
            case "NOTICE": return .notice
            case "INFO": return .info
            case "DEBUG", "TRACE": return .debug
            default: continue
            }
        }
        return .info
    }

    @Test func agreesWithTheStringVersionOnRandomLines() {
        var random = SplitMix(seed: 20261206)
        let levels = ["emerg", "EMERGENCY", "Panic", "alert", "FATAL", "crit", "Critical", "err", "ERROR", "warn", "Warning",
                      "notice", "INFO", "debug", "TRACE", "ERRORS", "inf", "warnings", "x"]
        let before = ["", "[", "(", "<", "\"", "'", "[[", "level=", "LEVEL=", "severity=", "Severity=[", "level=severity="]
        let after = ["", "]", ")", ">", ":", ",", "\"", "'", "]:", "),", "]x", ":]"]
        let noise = ["2026-11-23", "09:00:00.123", "[main]", "pid=42", "café", "日本", "\u{FFFD}", String(repeating: "a", count: 30)]
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            var words: [String] = []
            for _ in 0..<Int(random.next() % 6) {
                if random.next() % 3 == 0 {
                    words.append(noise[Int(random.next() % UInt64(noise.count))])
                } else {
                    words.append(before[Int(random.next() % UInt64(before.count))] + levels[Int(random.next() % UInt64(levels.count))]
                                 + after[Int(random.next() % UInt64(after.count))])
                }
            }
            let separator = random.next() % 4 == 0 ? "\t " : " "
            let line = Array(words.joined(separator: separator).utf8)
            if SeverityHeuristic.detect(line) != Self.reference(line) { disagreements.append(String(decoding: line, as: UTF8.self)) }
        }
        #expect(disagreements.count == 0, "for example: \(disagreements.prefix(5))")
    }
}
