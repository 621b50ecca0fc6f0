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

    /// The lines of `block` this filter matches, with their index in the block, each built alone; the
    /// message sections the grep's tokens rule out stay compressed. Adds what it inflated to `stats`. A version-6
    /// block takes the `templateDictionary` it names (ADR 016).
    package func matchingLines(of block: EncodedLogBlock, templateDictionary: TemplateDictionary? = nil, maxUncompressedBytes: Int,
                               stats: inout LogBlockReadStats) throws(LogBlockError) -> [(index: Int, record: LogRecord)] {
        try LogBlockCodec.decode(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary,
                                 requiredTokens: grep?.tokenHashes ?? [], requiredTextTokens: grep?.textTokenHashes ?? [],
                                 stats: &stats, keeping: matches)
    }

    /// True when the chunk's time range overlaps `[since, until)`.
    package func overlaps(minTime: Int64, maxTime: Int64) -> Bool {
        maxTime >= since && minTime < until
    }

    /// `grep` matches the message or the app name (both are indexed in the chunk's token filter).
    package func matches(_ record: LogRecord) -> Bool {
        var message = record.message
        return message.withUTF8 { matches(time: record.time, severity: record.severity, app: record.app, message: $0) }
    }

    /// ``matches(_:)`` on a line not yet built (``LogBlockCodec/decode(_:maxUncompressedBytes:keeping:)``).
    package func matches(_ line: LogLineView) -> Bool {
        matches(time: line.time, severity: line.severity, app: line.app, message: line.message)
    }

    private func matches(time: Timestamp, severity: Severity, app lineApp: String, message: UnsafeBufferPointer<UInt8>) -> Bool {
        let t = time.nanosecondsSinceEpoch
        guard t >= since && t < until else { return false }
        if let minSeverity, !severity.isAtLeast(minSeverity) { return false }
        if let app, lineApp != app { return false }
        if let grep, !grep.matches(bytes: message) && !grep.matches(lineApp) { return false }
        if let contains, !String(decoding: message, as: UTF8.self).contains(contains) { return false }
        return true
    }
}
