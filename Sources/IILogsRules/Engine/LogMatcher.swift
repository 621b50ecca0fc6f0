import IILogsCore

/// A ``LogMatch`` compiled for the hot path: the byte-level ``LogLinePrecheck`` (severity, apps,
/// substrings) and only then the regular expression. A class so the per-line loop passes one
/// reference (a struct holding a resilient `Regex` is copied through value witnesses).
final class LogMatcher {
    let precheck: LogLinePrecheck
    let regex: Regex<AnyRegexOutput>?

    init(_ match: LogMatch) {
        precheck = LogLinePrecheck(match)
        // The loader already compiled it once; a failure here would be a loader bug, so match nothing.
        regex = match.regex.map { pattern in (try? Regex(pattern)) ?? (try! Regex("(?!)")) }
    }

    /// True when the line passes every test, tried cheapest first.
    @inline(__always)
    func matches(_ record: LogRecord) -> Bool {
        var message = record.message
        let passed = message.withUTF8 { bytes in
            precheck.passes(severity: record.severity.rawValue, app: record.app, message: UnsafeRawBufferPointer(bytes))
        }
        guard passed else { return false }
        if let regex { return record.message.contains(regex) }
        return true
    }
}
