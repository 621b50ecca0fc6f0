import IILogsCore
import Testing

@Suite("MetricChunkCodec")
struct MetricChunkCodecTests {
    static let origin: Int64 = 1_790_000_000_000_000_000

    static func points(_ items: [(Int64, Double)]) -> [MetricPoint] {
        items.map { MetricPoint(time: Timestamp(nanosecondsSinceEpoch: $0.0), value: $0.1) }
    }

    /// A 10 s sampler with a few milliseconds of jitter and a slowly wandering gauge.
    static func sampler(count: Int, seed: UInt64) -> [MetricPoint] {
        var random = SeededRandom(seed: seed)
        var value = 0.35
        return (0..<count).map { i in
            value = min(1, max(0, value + Double(Int.random(in: -50...50, using: &random)) / 1000))
            let jitter = Int64.random(in: -3_000_000...3_000_000, using: &random)
            return MetricPoint(time: Timestamp(nanosecondsSinceEpoch: origin + Int64(i) * 10_000_000_000 + jitter), value: value)
        }
    }

    @Test(arguments: [Int32(0), 6])
    func roundTripsEdgeValuesAndTimes(level: Int32) throws {
        let cases: [[MetricPoint]] = [
            [],
            Self.points([(Self.origin, 42)]),
            Self.points([(0, .nan), (1, .infinity), (2, -.infinity), (3, -0.0), (4, 0), (5, .leastNonzeroMagnitude),
                         (6, .greatestFiniteMagnitude), (7, -.greatestFiniteMagnitude), (8, Double(bitPattern: 0x7FF8_0000_0000_0001))]),
            Self.points([(Self.origin, 1), (Self.origin, 2), (Self.origin, 2), (Self.origin, 3)]),
            Self.points([(Self.origin + 50, 1), (Self.origin - 10, 2), (Self.origin + 7, 3), (.min, 4), (.max, 5), (0, 6), (-1, 7)]),
            Self.sampler(count: 360, seed: 1),
        ]
        for points in cases {
            let bytes = MetricChunkCodec.encode(points, compressionLevel: level)
            let decoded = try MetricChunkCodec.decode(bytes)
            #expect(decoded == points)
            #expect(decoded.map(\.value.bitPattern) == points.map(\.value.bitPattern))
        }
    }

    @Test func roundTripsOneHundredThousandSamples() throws {
        let points = Self.sampler(count: 100_000, seed: 7)
        let bytes = MetricChunkCodec.encode(points)
        #expect(try MetricChunkCodec.decode(bytes) == points)
        #expect(throws: MetricChunkError.self) { try MetricChunkCodec.decode(bytes, maxSamples: 99_999) }
    }

    @Test func steadySamplerOfAConstantCostsAboutTwoBytesASample() throws {
        let points = (0..<360).map { MetricPoint(time: Timestamp(nanosecondsSinceEpoch: Self.origin + Int64($0) * 10_000_000_000), value: 4096) }
        let raw = MetricChunkCodec.encode(points, compressionLevel: 0)
        // header 6 + count 2 + first time 9 + first delta 5 + 358 × 1 dod byte + first value 3 + 359 × 1 zero byte
        #expect(raw.count == 6 + 2 + 9 + 5 + 358 + 3 + 359)
        #expect(MetricChunkCodec.encode(points).count < 64)  // deflate folds the runs of zeros (46 bytes here)
        #expect(try MetricChunkCodec.decode(raw) == points)
    }

    @Test func jitteryGaugeStaysWellUnderSixteenBytesASample() {
        let points = Self.sampler(count: 360, seed: 3)
        let bytes = MetricChunkCodec.encode(points)
        #expect(Double(bytes.count) / 360 < 12, "\(bytes.count) bytes")
    }
}

@Suite("MetricChunkCodec corruption")
struct MetricChunkCorruptionTests {
    static let points = MetricChunkCodecTests.sampler(count: 200, seed: 5)

    /// `body` behind a valid header (so the checksum passes and the body parser is what is tested).
    static func sealed(_ body: [UInt8], flags: UInt8 = 0) -> [UInt8] {
        let crc = CRC32.checksum(body)
        return [1, flags, UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)] + body
    }

    static func field(_ bytes: [UInt8], maxSamples: Int = MetricChunkCodec.defaultMaxSamples) -> String? {
        do {
            _ = try MetricChunkCodec.decode(bytes, maxSamples: maxSamples)
            return nil
        } catch {
            return error.field
        }
    }

    @Test func headerProblemsNameTheField() {
        let good = MetricChunkCodec.encode(Self.points, compressionLevel: 0)
        #expect(Self.field([]) == "header")
        #expect(Self.field(Array(good.prefix(5))) == "header")
        var version = good
        version[0] = 2
        #expect(Self.field(version) == "formatVersion")
        var flags = good
        flags[1] = 0x80
        #expect(Self.field(flags) == "flags")
    }

    @Test func everySingleBitFlipAfterTheHeaderFailsTheChecksum() {
        for level in [Int32(0), 6] {
            let good = MetricChunkCodec.encode(Self.points, compressionLevel: level)
            for index in 2..<good.count {
                for bit in 0..<8 {
                    var damaged = good
                    damaged[index] ^= 1 << bit
                    #expect(Self.field(damaged) == "checksum", "byte \(index) bit \(bit)")
                }
            }
        }
    }

    @Test func truncatedBodiesNameAColumn() {
        let body = Array(MetricChunkCodec.encode(Self.points, compressionLevel: 0).dropFirst(6))
        for keep in 0..<body.count {
            let field = Self.field(Self.sealed(Array(body.prefix(keep))))
            #expect(field == "count" || field == "times" || field == "values", "truncated to \(keep): \(field ?? "decoded")")
        }
        #expect(Self.field(Self.sealed(body + [0])) == "body")
    }

    @Test func hostileCountsAndVarintsAreRejectedBeforeAllocating() {
        #expect(Self.field(Self.sealed([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0, 0])) == "count")
        #expect(Self.field(Self.sealed([3, 0, 0, 0, 0, 0, 0]), maxSamples: 2) == "count")
        #expect(Self.field(Self.sealed([1] + [UInt8](repeating: 0xFF, count: 10) + [0x7F, 0])) == "times")
        #expect(Self.field(Self.sealed([1, 0x80, 0x80])) == "times")
    }

    @Test func malformedValueHeadersAreRejected() throws {
        #expect(Self.field(Self.sealed([1, 0, 0x30])) == "values")  // no significant bytes but 3 trailing
        #expect(Self.field(Self.sealed([1, 0, 0x45, 1, 2, 3, 4, 5])) == "values")  // 4 + 5 > 8
        #expect(Self.field(Self.sealed([1, 0, 0x08, 1, 2])) == "values")  // 8 bytes announced, 2 left
        #expect(try MetricChunkCodec.decode(Self.sealed([1, 0, 0x08, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])) == [
            MetricPoint(time: .zero, value: 1)])
    }

    @Test func damagedDeflateFramingIsRejected() throws {
        let body = Array(MetricChunkCodec.encode(Self.points, compressionLevel: 0).dropFirst(6))
        let deflated = Zlib.deflate(body, level: 6)
        #expect(Self.field(Self.sealed([0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + deflated, flags: 1)) == "inflatedSize")
        #expect(Self.field(Self.sealed([0x10] + [1, 2, 3, 4, 5], flags: 1)) == "compressed")
        let size: [UInt8] = [UInt8(body.count & 0x7F) | 0x80, UInt8(body.count >> 7)]
        #expect(Self.field(Self.sealed(size + Array(deflated.prefix(deflated.count / 2)), flags: 1)) == "compressed")
        #expect(Self.field(Self.sealed([UInt8(body.count & 0x7F) | 0x80, UInt8(body.count >> 7) + 1] + deflated, flags: 1)) != nil)
        #expect(try MetricChunkCodec.decode(Self.sealed(size + deflated, flags: 1)) == Self.points)
    }

    @Test func randomBodiesDecodeOrThrowButNeverTrap() {
        var random = SeededRandom(seed: 99)
        var decoded = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...40, using: &random)
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if Self.field(Self.sealed(body), maxSamples: 64) == nil { decoded += 1 }
        }
        let good = Array(MetricChunkCodec.encode(Self.points, compressionLevel: 0).dropFirst(6))
        for _ in 0..<2_000 {
            var body = good
            body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            _ = Self.field(Self.sealed(body))
        }
        #expect(decoded < 5_000)
    }
}
