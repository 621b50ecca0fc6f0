#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IILogsCore

/// A ``LogMatch`` compiled for the hot path: a severity compare, exact app compares, a byte search for
/// the substrings, and only then the regular expression. A class so the per-line loop passes one
/// reference (a struct holding a resilient `Regex` is copied through value witnesses).
final class LogMatcher {
    let worstAllowed: UInt8
    let apps: [String]
    let needles: [[UInt8]]
    let regex: Regex<AnyRegexOutput>?

    init(_ match: LogMatch) {
        worstAllowed = match.severity?.rawValue ?? Severity.debug.rawValue
        apps = match.apps
        needles = match.contains.map { Array($0.utf8) }
        // The loader already compiled it once; a failure here would be a loader bug, so match nothing.
        regex = match.regex.map { pattern in (try? Regex(pattern)) ?? (try! Regex("(?!)")) }
    }

    /// True when the line passes every test, tried cheapest first.
    @inline(__always)
    func matches(_ record: LogRecord) -> Bool {
        if record.severity.rawValue > worstAllowed { return false }
        if !apps.isEmpty && !apps.contains(record.app) { return false }
        if !needles.isEmpty && !Self.containsAny(record.message, needles) { return false }
        if let regex { return record.message.contains(regex) }
        return true
    }

    /// `memchr` for the needle's first byte, then `memcmp` for the rest (glibc's `memmem` is not imported).
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let first = needle.first, let base = haystack.baseAddress, let nBase = needle.baseAddress else { return needle.isEmpty }
        var offset = 0
        let lastStart = haystack.count - needle.count
        while offset <= lastStart {
            guard let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + position, nBase, needle.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }

    static func containsAny(_ haystack: String, _ needles: [[UInt8]]) -> Bool {
        var haystack = haystack
        return haystack.withUTF8 { h in
            guard let hBase = h.baseAddress else { return false }
            let raw = UnsafeRawBufferPointer(start: hBase, count: h.count)
            for needle in needles where h.count >= needle.count {
                if needle.withUnsafeBufferPointer({ find($0, in: raw) }) { return true }
            }
            return false
        }
    }
}
