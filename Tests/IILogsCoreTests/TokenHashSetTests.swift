@testable import IILogsCore
import Testing

/// The flat set the block encoder collects token hashes in holds exactly what a `Set<UInt64>` would, and
/// builds the same filter from them.
@Suite struct TokenHashSetTests {
    @Test(arguments: [0, 1, 7, 100, 5_000])
    func holdsWhatASetHoldsAndBuildsTheSameFilter(count: Int) {
        var rng = SeededRandom(seed: UInt64(count) + 3)
        // Duplicates, zero, and hashes that collide in the low bits.
        let hashes = (0..<count).map { i -> UInt64 in
            switch i % 5 {
            case 0: 0
            case 1: UInt64(i) << 40
            default: UInt64.random(in: 0...UInt64(count * 3), using: &rng) | (UInt64(i % 2) << 63)
            }
        }
        var flat = TokenHashSet(minimumCapacity: 1)
        for hash in hashes { flat.insert(hash) }
        var seen: [UInt64] = []
        flat.forEach { seen.append($0) }
        #expect(seen.sorted() == Set(hashes).sorted())
        #expect(flat.count == Set(hashes).count)
        #expect(TokenFilter(tokenHashes: flat) == TokenFilter(tokenHashes: Set(hashes)))

        var union = TokenHashSet()
        union.insert(42)
        union.formUnion(flat)
        #expect(union.count == Set(hashes + [42]).count)
    }
}
