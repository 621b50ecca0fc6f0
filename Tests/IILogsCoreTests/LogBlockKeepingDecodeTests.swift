import IILogsCore
import Testing

/// `LogBlockCodec.decode(_:keeping:)`: the lines a query keeps, exactly as a full decode gives them, and
/// the same refusals of damaged blocks.
@Suite struct LogBlockKeepingDecodeTests {
    static let records = SyntheticFleetLines.make(count: 300, seed: 5) + LogBlockCodecTests.sampleRecords()

    @Test func keptLinesAreTheFullDecodesLinesAtTheirIndexesFieldsIncluded() throws {
        let block = LogBlockCodec.encode(Self.records)
        let all = try LogBlockCodec.decode(block)
        // Keep lines by severity, app and message bytes: what a query's filter looks at.
        let kept = try LogBlockCodec.decode(block) { line in
            line.severity.isAtLeast(.warning) || line.app == "api" || line.message.starts(with: Array("GET".utf8))
        }
        let expected = all.enumerated().filter { _, record in
            record.severity.isAtLeast(.warning) || record.app == "api" || record.message.hasPrefix("GET")
        }
        #expect(kept.map(\.index) == expected.map(\.offset))
        #expect(kept.map(\.record) == expected.map(\.element))
        #expect(kept.contains { !$0.record.fields.isEmpty }, "the sample's lines with fields are kept whole")
        #expect(try LogBlockCodec.decode(block) { _ in false }.isEmpty)
        #expect(try LogBlockCodec.decode(block) { _ in true }.map(\.record) == all)
    }

    @Test func theViewShowsEachLinesTimeSeverityAppAndMessageBytes() throws {
        let block = LogBlockCodec.encode(Self.records)
        var seen: [LogRecord] = []
        _ = try LogBlockCodec.decode(block) { line in
            seen.append(LogRecord(time: line.time, severity: line.severity, app: line.app,
                                  message: String(decoding: line.message, as: UTF8.self)))
            return false
        }
        #expect(seen.map(\.time) == Self.records.map(\.time))
        #expect(seen.map(\.severity) == Self.records.map(\.severity))
        #expect(seen.map(\.app) == Self.records.map(\.app))
        #expect(seen.map(\.message) == Self.records.map(\.message))
    }

    @Test func damagedBlocksAreRefusedAsByTheFullDecode() throws {
        let block = LogBlockCodec.encode(Self.records, formatVersion: 1)
        let body = try Zlib.inflate(block.compressed, limit: Int(block.uncompressedBytes))
        for damaged in [LogBlockCorruptionTests.resealed(body + [0], like: block),
                        LogBlockCorruptionTests.resealed(Array(body.prefix(body.count - 3)), like: block)] {
            let full = fieldOfError { try LogBlockCodec.decode(damaged) }
            let keeping = fieldOfError { try LogBlockCodec.decode(damaged) { _ in false }.map(\.record) }
            #expect(full != nil && keeping == full)
        }
        // A summary that lies about the lines' severities is caught without building any line.
        var lying = block
        lying.summary.severityCounts[0] += 1
        #expect(fieldOfError { try LogBlockCodec.decode(lying) { _ in false }.map(\.record) } == "summary.severityCounts")
    }
}
