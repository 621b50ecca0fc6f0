/// Splits text into the tokens the chunk filters index and `--grep` phrases are matched on.
///
/// A token is a maximal run of ASCII letters, digits, `_`, or any non-ASCII byte (so UTF-8 words stay
/// whole). Tokens are compared case-insensitively (ASCII lower-cased). Only *indexable* tokens go into
/// a ``TokenFilter``: 2 to ``maxIndexedTokenLength`` bytes with at least one letter — pure numbers
/// (PIDs, ports, durations) would swell every filter and are matched by scanning instead.
public enum Tokenizer {
    /// Longest token put into a filter; longer ones are matched by scanning.
    public static let maxIndexedTokenLength = 48

    /// True for bytes that belong to tokens: ASCII letters and digits, `_`, and every non-ASCII byte.
    @inlinable
    public static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    /// Calls `body` with the 64-bit hash of every indexable token of `text`, in order (duplicates included).
    public static func forEachIndexableTokenHash(in text: String, _ body: (UInt64) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            forEachIndexableTokenHash(in: bytes, body)
        }
    }

    /// Byte-level form of ``forEachIndexableTokenHash(in:_:)-swift.type.method``.
    public static func forEachIndexableTokenHash(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        var i = 0
        let n = bytes.count
        while i < n {
            while i < n && !isTokenByte(bytes[i]) { i += 1 }
            let start = i
            var hasLetter = false
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a offset basis
            while i < n && isTokenByte(bytes[i]) {
                var b = bytes[i]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if (b >= 0x61 && b <= 0x7A) || b >= 0x80 { hasLetter = true }
                hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3
                i += 1
            }
            let length = i - start
            if length >= 2 && length <= maxIndexedTokenLength && hasLetter {
                body(finalize(hash))
            }
        }
    }

    /// The tokens of a `--grep` phrase whose hashes every matching line must contain.
    public static func indexableTokenHashes(of phrase: String) -> [UInt64] {
        var hashes: [UInt64] = []
        forEachIndexableTokenHash(in: phrase) { hashes.append($0) }
        return hashes
    }

    /// The phrase's indexable tokens that hold no decimal digit: the ones a version-6 section filter is asked about
    /// (it holds its templates' text tokens; a token with a digit may be a variable's, kept in the block's filter only).
    public static func indexableTextTokenHashes(of phrase: String) -> [UInt64] {
        var phrase = phrase
        return phrase.withUTF8 { bytes in
            var hashes: [UInt64] = []
            var i = 0
            while i < bytes.count {
                while i < bytes.count && !isTokenByte(bytes[i]) { i += 1 }
                let start = i
                var hasDigit = false
                while i < bytes.count && isTokenByte(bytes[i]) {
                    if bytes[i] >= 0x30 && bytes[i] <= 0x39 { hasDigit = true }
                    i += 1
                }
                if !hasDigit { forEachIndexableTokenHash(in: UnsafeBufferPointer(rebasing: bytes[start..<i])) { hashes.append($0) } }
            }
            return hashes
        }
    }

    /// The indexable tokens every text containing `needle` as a plain (case-sensitive) substring must hold
    /// as whole tokens: those bounded inside the needle on both sides. A token touching the needle's start
    /// or end may be part of a longer token in the text (`"Oops"` in `"WhoOops"`), so it is left out; an
    /// empty result means a token filter cannot rule the needle out.
    public static func substringTokenHashes(of needle: String) -> [UInt64] {
        var needle = needle
        return needle.withUTF8 { bytes in
            let n = bytes.count
            var start = 0
            // Skip a token cut by the needle's start, and stop before one cut by its end.
            while start < n && isTokenByte(bytes[start]) { start += 1 }
            var end = n
            while end > start && isTokenByte(bytes[end - 1]) { end -= 1 }
            guard start < end else { return [] }
            var hashes: [UInt64] = []
            forEachIndexableTokenHash(in: UnsafeBufferPointer(rebasing: bytes[start..<end])) { hashes.append($0) }
            return hashes
        }
    }

    /// Mixes FNV's weak low bits (murmur3 finaliser) so double hashing spreads well.
    @inlinable
    static func finalize(_ h: UInt64) -> UInt64 {
        var x = h
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}
