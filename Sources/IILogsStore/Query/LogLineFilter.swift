package import IILogsCore

/// The per-line part of a ``LogQuery``: time range, severity, exact app, `grep` phrase and `contains` substring.
package struct LogLineFilter {
    package let since: Int64
    package let until: Int64
    package let minSeverity: Severity?
    package let app: String?
    package let grep: TokenPhraseMatcher?
    package let contains: String?

    package init(_ query: LogQuery) {
        since = query.since?.nanosecondsSinceEpoch ?? .min
        until = query.until?.nanosecondsSinceEpoch ?? .max
        minSeverity = query.minSeverity
        app = query.app
        grep = query.grep.flatMap { $0.isEmpty ? nil : TokenPhraseMatcher(phrase: $0) }
        contains = query.contains.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when the chunk's time range overlaps `[since, until)`.
    package func overlaps(minTime: Int64, maxTime: Int64) -> Bool {
        maxTime >= since && minTime < until
    }

    /// `grep` matches the message or the app name (both are indexed in the chunk's token filter).
    package func matches(_ record: LogRecord) -> Bool {
        let t = record.time.nanosecondsSinceEpoch
        guard t >= since && t < until else { return false }
        if let minSeverity, !record.severity.isAtLeast(minSeverity) { return false }
        if let app, record.app != app { return false }
        if let grep, !grep.matches(record.message) && !grep.matches(record.app) { return false }
        if let contains, !record.message.contains(contains) { return false }
        return true
    }
}
