/// A Bloom filter over token hashes: `mightContainAll` false means no line of the block has them all.
///
/// Sized from named constants (as VictoriaLogs' `bloomfilter.go` does): ``bitsPerToken`` bits per
/// distinct token and ``hashesPerToken`` probes, giving about a 1% false-positive rate per token. A reader
/// needs only the probe count: a filter's size is its own, so writers may choose fewer bits where a false
/// positive costs little (``sectionBitsPerToken``).
public struct TokenFilter: Sendable, Hashable {
    /// Bits per distinct token of a block's filter (the `chunks` row's): about 1.2 % false positives, so a
    /// grep for a rare token reads few chunks it does not need.
    public static let bitsPerToken = 10
    /// Bits per distinct token of a section's filter inside a block: about 9 % false positives per token. A
    /// section filter is only asked about blocks that passed the block's filter, and a false positive costs
    /// inflating one section; half the bits save ~0.8 B/line (ADR 013).
    public static let sectionBitsPerToken = 5
    public static let hashesPerToken = 4
    /// Upper bound on a filter's size, also enforced when decoding one.
    public static let maxBytes = 1 << 20

    /// The bit array, little-endian words. Empty means "no tokens".
    public private(set) var words: [UInt64]

    public init(words: [UInt64]) {
        self.words = words
    }

    /// Builds a filter holding every hash in `tokenHashes` (duplicates are fine).
    public init(tokenHashes: Set<UInt64>) {
        guard !tokenHashes.isEmpty else {
            self.words = []
            return
        }
        let bits = min(Self.maxBytes * 8, max(64, tokenHashes.count * Self.bitsPerToken))
        self.words = Array(repeating: 0, count: (bits + 63) / 64)
        for hash in tokenHashes { insert(hash) }
    }

    /// Builds a filter holding every hash of `tokenHashes`, `bitsPerToken` bits per hash.
    init(tokenHashes: TokenHashSet, bitsPerToken: Int = bitsPerToken) {
        guard tokenHashes.count > 0 else {
            self.words = []
            return
        }
        let bits = min(Self.maxBytes * 8, max(64, tokenHashes.count * bitsPerToken))
        self.words = Array(repeating: 0, count: (bits + 63) / 64)
        tokenHashes.forEach { insert($0) }
    }

    public static let empty = TokenFilter(words: [])

    private var bitCount: UInt64 { UInt64(words.count) * 64 }

    private mutating func insert(_ hash: UInt64) {
        let n = bitCount
        var h = hash
        let step = (hash >> 32) | 1
        for _ in 0..<Self.hashesPerToken {
            let bit = h % n
            words[Int(bit >> 6)] |= 1 << (bit & 63)
            h &+= step
        }
    }

    public func mightContain(_ hash: UInt64) -> Bool {
        let n = bitCount
        guard n > 0 else { return false }
        var h = hash
        let step = (hash >> 32) | 1
        for _ in 0..<Self.hashesPerToken {
            let bit = h % n
            if words[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return false }
            h &+= step
        }
        return true
    }

    /// False only when at least one hash is certainly absent.
    public func mightContainAll(_ hashes: some Sequence<UInt64>) -> Bool {
        hashes.allSatisfy(mightContain)
    }

    /// Little-endian serialisation, 8 bytes per word.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(words.count * 8)
        for w in words { withUnsafeBytes(of: w.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Parses ``bytes``; nil when the length is not a multiple of 8 or over ``maxBytes``.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count % 8 == 0, bytes.count <= Self.maxBytes else { return nil }
        // Contiguous bytes (a blob, a slice of a block): one copy, not a loop over every byte.
        if let words = bytes.withContiguousStorageIfAvailable({ buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            return [UInt64](unsafeUninitializedCapacity: buffer.count / 8) { words, initialized in
                for i in 0..<(buffer.count / 8) {
                    words[i] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                }
                initialized = buffer.count / 8
            }
        }) {
            self.words = words
            return
        }
        var words: [UInt64] = []
        words.reserveCapacity(bytes.count / 8)
        var it = bytes.makeIterator()
        for _ in 0..<(bytes.count / 8) {
            var w: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { w |= UInt64(it.next()!) << UInt64(shift) }
            words.append(w)
        }
        self.words = words
    }
}
