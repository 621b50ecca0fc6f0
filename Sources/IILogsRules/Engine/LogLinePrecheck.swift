#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IILogsCore

/// The part of a ``LogMatch`` that needs no `Regex`: severity, apps and substrings, tested on bytes.
///
/// Sendable and immutable, so ingest tasks can scan blocks in parallel with it
/// (``LogBlockScanner``); a line that passes still goes through the full ``LogMatcher`` (regex included)
/// in the engine. It also says, from a block's summary alone, when no line of the block can pass
/// (``mayMatch(_:)``): the block is then never inflated.
struct LogLinePrecheck: Sendable {
    let worstAllowed: UInt8
    let apps: [String]
    let needles: [[UInt8]]
    /// Needles match only on token boundaries (``LogMatch/wholeWords``).
    let wholeWords: Bool
    /// Per app, the token hashes a block holding a line of that app has in its filter; nil when one app
    /// has no indexable token (the filter cannot rule the apps out).
    let appTokens: [[UInt64]]?
    /// Per needle, the tokens any line containing it has (``Tokenizer/substringTokenHashes(of:)``); nil
    /// when some needle has none, or there are no needles (the filter cannot rule the text out).
    let needleTokens: [[UInt64]]?

    init(_ match: LogMatch) {
        worstAllowed = match.severity?.rawValue ?? Severity.debug.rawValue
        apps = match.apps
        needles = match.contains.map { Array($0.utf8) }
        wholeWords = match.wholeWords
        let appHashes = match.apps.map { Tokenizer.indexableTokenHashes(of: $0) }
        appTokens = appHashes.contains(where: \.isEmpty) ? nil : appHashes
        // On token boundaries every token of a needle is whole in the line; as a plain substring only the inner ones.
        let needleHashes = match.contains.map { match.wholeWords ? Tokenizer.indexableTokenHashes(of: $0) : Tokenizer.substringTokenHashes(of: $0) }
        needleTokens = needleHashes.isEmpty || needleHashes.contains(where: \.isEmpty) ? nil : needleHashes
    }

    /// False only when no line of a block with this summary can pass: no line severe enough, or the
    /// token filter lacks every listed app or every needle.
    func mayMatch(_ summary: BlockSummary) -> Bool {
        summary.hasLines(atLeast: Severity(rawValue: worstAllowed) ?? .debug) && mayMatch(summary.tokenFilter)
    }

    /// False only when the lines whose tokens `filter` holds (a block's, or one of its message sections')
    /// lack every listed app or every needle.
    func mayMatch(_ filter: TokenFilter) -> Bool {
        if !apps.isEmpty, let appTokens, !appTokens.contains(where: { filter.mightContainAll($0) }) { return false }
        if let needleTokens, !needleTokens.contains(where: { filter.mightContainAll($0) }) { return false }
        return true
    }

    /// True when a line of this severity, app and message passes the tests that need no regex.
    @inline(__always)
    func passes(severity: UInt8, app: String, message: UnsafeRawBufferPointer) -> Bool {
        if severity > worstAllowed { return false }
        if !apps.isEmpty && !apps.contains(app) { return false }
        return needles.isEmpty || Self.containsAny(message, needles, wholeWords: wholeWords)
    }

    /// True when a line of this severity and message passes, its app already known to be accepted.
    @inline(__always)
    func passes(severity: UInt8, message: UnsafeRawBufferPointer) -> Bool {
        severity <= worstAllowed && (needles.isEmpty || Self.containsAny(message, needles, wholeWords: wholeWords))
    }

    static func containsAny(_ haystack: UnsafeRawBufferPointer, _ needles: [[UInt8]], wholeWords: Bool) -> Bool {
        for needle in needles where haystack.count >= needle.count {
            if needle.withUnsafeBufferPointer({ find($0, in: haystack, wholeWords: wholeWords) }) { return true }
        }
        return false
    }

    /// `memchr` for the needle's first byte, then `memcmp` for the rest (glibc's `memmem` is not imported).
    /// With `wholeWords`, an occurrence counts only when it does not begin or end inside a token of the haystack.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeRawBufferPointer, wholeWords: Bool = false) -> Bool {
        guard let first = needle.first, let last = needle.last, let base = haystack.baseAddress, let nBase = needle.baseAddress else { return needle.isEmpty }
        let needsStart = wholeWords && Tokenizer.isTokenByte(first)
        let needsEnd = wholeWords && Tokenizer.isTokenByte(last)
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var offset = 0
        let lastStart = haystack.count - needle.count
        while offset <= lastStart {
            guard let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + position, nBase, needle.count) == 0
                && (!needsStart || position == 0 || !Tokenizer.isTokenByte(bytes[position - 1]))
                && (!needsEnd || position + needle.count == haystack.count || !Tokenizer.isTokenByte(bytes[position + needle.count])) {
                return true
            }
            offset = position + 1
        }
        return false
    }
}
