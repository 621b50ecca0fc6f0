/// `--grep` semantics: a case-insensitive (ASCII) phrase match that starts and ends on token boundaries.
///
/// A line matches when its lower-cased text contains the lower-cased phrase at a position where the
/// phrase does not begin or end in the middle of a token (``Tokenizer``'s token bytes): `grep "time"`
/// matches "time out" and "TIME" but not "timeout" or "runtime". Chunks are pruned first with
/// ``tokenHashes`` against each chunk's ``TokenFilter``.
public struct TokenPhraseMatcher: Sendable, Hashable {
    /// The phrase, ASCII lower-cased, as UTF-8.
    public let phrase: [UInt8]
    /// Hashes of the phrase's indexable tokens: every matching line's block filter must contain them all.
    public let tokenHashes: [UInt64]
    /// Those of ``tokenHashes`` without a decimal digit: what a version-6 section filter is asked (ADR 016).
    public let textTokenHashes: [UInt64]

    public init(phrase: String) {
        self.phrase = phrase.utf8.map(Self.lower)
        self.tokenHashes = Tokenizer.indexableTokenHashes(of: phrase)
        self.textTokenHashes = Tokenizer.indexableTextTokenHashes(of: phrase)
    }

    /// True when `text` contains the phrase on token boundaries. An empty phrase matches everything.
    public func matches(_ text: String) -> Bool {
        guard !phrase.isEmpty else { return true }
        var text = text
        return text.withUTF8 { matches(bytes: $0) }
    }

    /// Byte-level form of ``matches(_:)``.
    public func matches(bytes text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count, m = phrase.count
        guard m > 0 else { return true }
        guard n >= m else { return false }
        let first = phrase[0]
        let needsStartBoundary = Tokenizer.isTokenByte(first)
        let needsEndBoundary = Tokenizer.isTokenByte(phrase[m - 1])
        var i = 0
        while i <= n - m {
            if Self.lower(text[i]) == first {
                var j = 1
                while j < m && Self.lower(text[i + j]) == phrase[j] { j += 1 }
                if j == m
                    && (!needsStartBoundary || i == 0 || !Tokenizer.isTokenByte(text[i - 1]))
                    && (!needsEndBoundary || i + m == n || !Tokenizer.isTokenByte(text[i + m])) {
                    return true
                }
            }
            i += 1
        }
        return false
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}
