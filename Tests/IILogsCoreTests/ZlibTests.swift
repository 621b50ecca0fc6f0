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

    /// `inflate(_:into:)` must fill its buffer exactly: the sections of a version-2 block declare their sizes.
    @Test func inflatingIntoABufferNeedsTheExactSize() throws {
        let compressed = Zlib.deflate(Self.text, level: 6)
        func inflate(_ stream: [UInt8], count: Int) throws(Zlib.Failure) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            let failure: Zlib.Failure? = stream.withUnsafeBytes { input in
                out.withUnsafeMutableBytes { output -> Zlib.Failure? in
                    do throws(Zlib.Failure) {
                        try Zlib.inflate(input, into: output)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            if let failure { throw failure }
            return out
        }
        #expect(try inflate(compressed, count: Self.text.count) == Self.text)
        #expect(try inflate(Zlib.deflate([], level: 1), count: 0) == [])
        #expect(throws: Zlib.Failure.outputTooLarge(limit: Self.text.count - 1)) { try inflate(compressed, count: Self.text.count - 1) }
        #expect(throws: Zlib.Failure.shorterThanDeclared(expected: Self.text.count + 1, actual: Self.text.count)) {
            try inflate(compressed, count: Self.text.count + 1)
        }
        #expect(throws: Zlib.Failure.truncated) { try inflate(Array(compressed.prefix(compressed.count / 2)), count: Self.text.count) }
        #expect(throws: Zlib.Failure.corrupt(code: -3)) { try inflate(compressed + [0], count: Self.text.count) }  // bytes after the end
        #expect(throws: Zlib.Failure.self) { try inflate([0x12, 0x34, 0x56, 0x78], count: 10) }
    }

    @Test func crc32MatchesTheKnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
