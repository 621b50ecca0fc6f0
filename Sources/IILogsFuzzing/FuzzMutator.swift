import IILogsCore

/// Seeded byte-level mutations (flip, insert, delete, splice, overwrite with an interesting value),
/// used by the tests to run every target over thousands of variants of its corpus without libFuzzer.
public struct FuzzMutator {
    private var random: SeededRandom
    /// Values that often sit on a decoder's edge: zero, one, sign bits, all ones, ASCII delimiters.
    static let interestingBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x20, 0x3C, 0x3E, 0x5B, 0x5D, 0x22, 0x2D, 0x30, 0x39]

    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    /// One mutation of `input`, at most `maxLength` bytes long.
    public mutating func mutate(_ input: [UInt8], splicingWith other: [UInt8], maxLength: Int = 4096) -> [UInt8] {
        var bytes = input
        let rounds = 1 + Int(random.next() % 4)
        for _ in 0..<rounds {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 6 {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1 << (random.next() % 8))
            case 1:
                bytes.insert(Self.interestingBytes[Int(random.next() % UInt64(Self.interestingBytes.count))], at: position)
            case 2 where !bytes.isEmpty:
                let count = min(bytes.count - position, 1 + Int(random.next() % 8))
                bytes.removeSubrange(position..<(position + count))
            case 3 where !other.isEmpty:
                let start = Int(random.next() % UInt64(other.count))
                let count = min(other.count - start, 1 + Int(random.next() % 64))
                bytes.insert(contentsOf: other[start..<(start + count)], at: position)
            case 4 where !bytes.isEmpty:
                bytes[position] = Self.interestingBytes[Int(random.next() % UInt64(Self.interestingBytes.count))]
            default:
                if !bytes.isEmpty { bytes.removeLast(Int(random.next() % UInt64(min(bytes.count, 16) + 1))) }
            }
        }
        return Array(bytes.prefix(maxLength))
    }
}
