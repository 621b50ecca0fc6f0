import IILogsCore
import Testing

@Suite("Zlib")
struct ZlibTests {
    static let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog ", count: 200).utf8)

    @Test func roundTripsAtTheExactLimit() throws {
        let compressed = Zlib.deflate(Self.text, level: 6)
        #expect(try Zlib.inflate(compressed, limit: Self.text.count) == Self.text)
        #expect(try Zlib.inflate(compressed, expectedSize: 10, limit: Self.text.count) == Self.text)
        #expect(try Zlib.inflate(Zlib.deflate([], level: 1), limit: 0) == [])
    }

    @Test(arguments: [0, 1, 10, 63, 64, 100])
    func outputOverTheLimitThrows(limit: Int) {
        #expect(throws: Zlib.Failure.outputTooLarge(limit: limit)) { try Zlib.inflate(Zlib.deflate(Self.text, level: 6), limit: limit) }
    }

    @Test func truncatedAndGarbageStreamsThrow() {
        let compressed = Zlib.deflate(Self.text, level: 6)
        #expect(throws: Zlib.Failure.truncated) { try Zlib.inflate(Array(compressed.prefix(compressed.count / 2)), limit: 1 << 20) }
        #expect(throws: Zlib.Failure.self) { try Zlib.inflate([0x12, 0x34, 0x56, 0x78], limit: 1 << 20) }
        #expect(throws: Zlib.Failure.self) { try Zlib.inflate([], limit: 1 << 20) }
    }

    @Test func crc32MatchesTheKnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
