import IILogsCore
import Testing

/// Prints bytes per line for a realistic mix; the bound is a sanity check, not a target.
@Suite("LogBlockCodec size")
struct LogBlockSizeTests {
    @Test func bytesPerLineForFleetLines() throws {
        let records = SyntheticFleetLines.make(count: 1_000, seed: 2026)
        let rawBytes = records.reduce(0) { $0 + $1.message.utf8.count + $1.app.utf8.count + $1.hostname.utf8.count + $1.procID.utf8.count + 24 }
        for level: Int32 in [1, 6, 9] { for version: UInt8 in [1, 2, 3, 4, 5] {
            let block = LogBlockCodec.encode(records, compressionLevel: level, formatVersion: version)
            let perLine = Double(block.compressed.count + block.summary.tokenFilter.bytes.count) / Double(records.count)
            print("LogBlockCodec v\(version) level \(level): raw \(rawBytes / records.count) B/line → \(block.compressed.count / records.count) B/line compressed, filter \(block.summary.tokenFilter.bytes.count) B, body \(block.uncompressedBytes) B, \(perLine) B/line with filter")
            #expect(perLine < Double(rawBytes) / Double(records.count))
        } }
    }

    @Test func encodeAndDecodeRatesArePrinted() throws {
        let records = SyntheticFleetLines.make(count: 1_000, seed: 9)
        let clock = ContinuousClock()
        var block = LogBlockCodec.encode(records)
        let rounds = 20
        let encodeTime = clock.measure { for _ in 0..<rounds { block = LogBlockCodec.encode(records) } }
        var decoded: [LogRecord] = []
        let decodeTime = try clock.measure { for _ in 0..<rounds { decoded = try LogBlockCodec.decode(block) } }
        func linesPerSecond(_ d: Duration) -> Int { Int(Double(rounds * records.count) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)) }
        print("LogBlockCodec level 6: encode \(linesPerSecond(encodeTime)) lines/s, decode \(linesPerSecond(decodeTime)) lines/s (one core)")
        #expect(decoded == records)
    }
}
