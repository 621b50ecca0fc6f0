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
