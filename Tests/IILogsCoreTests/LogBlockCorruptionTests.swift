import IILogsCore
import Testing

/// Decoding damaged blocks yields a ``LogBlockError`` (or, for damage the format cannot see, some lines), never a trap.
/// The body-level cases damage a version-1 body (one stream); `LogBlockSectionTests` damages version-2 containers.
@Suite("LogBlockCodec corruption")
struct LogBlockCorruptionTests {
    static let records = SyntheticFleetLines.make(count: 40, seed: 11) + LogBlockCodecTests.sampleRecords()

    @Test(arguments: [UInt8(1), 2])
    func everySingleBitFlipInTheCompressedBytesFailsTheChecksum(version: UInt8) {
        let block = LogBlockCodec.encode(Self.records, formatVersion: version)
        for byteIndex in stride(from: 0, to: block.compressed.count, by: max(1, block.compressed.count / 200)) {
            for bit in 0..<8 {
                var damaged = block
                damaged.compressed[byteIndex] ^= 1 << bit
                #expect(fieldOfError { try LogBlockCodec.decode(damaged) } == "checksum")
            }
        }
    }

    @Test(arguments: [UInt8(1), 2])
    func truncatedCompressedBytesAreRejected(version: UInt8) {
        let block = LogBlockCodec.encode(Self.records, formatVersion: version)
        for keep in [0, 1, 2, block.compressed.count / 2, block.compressed.count - 1] {
            var damaged = block
            damaged.compressed = Array(block.compressed.prefix(keep))
            damaged.checksum = CRC32.checksum(damaged.compressed)
            let field = fieldOfError { try LogBlockCodec.decode(damaged) }
            if version == 1 {
                #expect(field == "compressed")
            } else {
                #expect(field?.hasPrefix("container") == true, "truncated to \(keep) bytes: \(field ?? "no error")")
            }
        }
    }

    @Test func truncatedBodiesNameAColumn() throws {
        let block = LogBlockCodec.encode(Self.records, formatVersion: 1)
        let body = try Zlib.inflate(block.compressed, limit: Int(block.uncompressedBytes))
        for keep in stride(from: 0, to: body.count, by: 7) {
            let damaged = Self.resealed(Array(body.prefix(keep)), like: block)
            let field = fieldOfError { try LogBlockCodec.decode(damaged) }
            #expect(field != nil && field != "checksum" && field != "compressed", "truncated to \(keep) bytes")
        }
    }

    @Test func bitFlippedBodiesDecodeOrThrowButNeverTrap() throws {
        let block = LogBlockCodec.encode(Self.records, formatVersion: 1)
        let body = try Zlib.inflate(block.compressed, limit: Int(block.uncompressedBytes))
        var rng = SeededRandom(seed: 99)
        var rejected = 0
        for _ in 0..<2_000 {
            var damaged = body
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                damaged[Int.random(in: 0..<damaged.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            }
            if fieldOfError({ try LogBlockCodec.decode(Self.resealed(damaged, like: block)) }) != nil { rejected += 1 }
        }
        #expect(rejected > 0)
    }

    @Test func trailingBytesAreRejected() throws {
        let block = LogBlockCodec.encode(Self.records, formatVersion: 1)
        let body = try Zlib.inflate(block.compressed, limit: Int(block.uncompressedBytes))
        #expect(fieldOfError { try LogBlockCodec.decode(Self.resealed(body + [0], like: block)) } == "body")
    }

    @Test func hugeCountsAreRejectedBeforeAllocating() {
        let block = LogBlockCodec.encode([], formatVersion: 1)
        // count = 2^63 as a varint, then nothing.
        let body: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
        #expect(fieldOfError { try LogBlockCodec.decode(Self.resealed(body, like: block)) } == "count")
        let overflow: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(fieldOfError { try LogBlockCodec.decode(Self.resealed(overflow, like: block)) } == "count")
    }

    /// `body` recompressed with a valid checksum and size, keeping `block`'s summary.
    static func resealed(_ body: [UInt8], like block: EncodedLogBlock) -> EncodedLogBlock {
        let compressed = Zlib.deflate(body, level: 1)
        return EncodedLogBlock(formatVersion: block.formatVersion, summary: block.summary, uncompressedBytes: UInt32(body.count),
                               checksum: CRC32.checksum(compressed), compressed: compressed)
    }
}
