import IILogsCore
import Testing

@Suite("LogBlockCodec")
struct LogBlockCodecTests {
    static let base = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)

    static func sampleRecords() -> [LogRecord] {
        [
            LogRecord(time: base, severity: .info, facility: 3, hostname: "web-1", app: "nginx", procID: "812",
                      message: "GET /healthz 200 1.2ms"),
            LogRecord(time: base.adding(nanoseconds: 1_500), severity: .error, facility: 1, hostname: "web-1", app: "api",
                      procID: "9001", message: "timeout talking to db-primary after 30s",
                      fields: [LogField("request_id", "r-42"), LogField("path", "/v1/orders")]),
            LogRecord(time: base.adding(nanoseconds: -7_000), severity: .debug, message: ""),
            LogRecord(time: base.adding(nanoseconds: 1_500), severity: .warning, facility: 23, hostname: "wéb-1",
                      app: "démon", procID: "", message: "ünïcödé ✓ 日本語のログ 🚀", fields: [LogField("", ""), LogField("path", "")]),
            LogRecord(time: Timestamp(nanosecondsSinceEpoch: .min), severity: .emergency, message: "min time"),
            LogRecord(time: Timestamp(nanosecondsSinceEpoch: .max), severity: .alert, message: "max time"),
        ]
    }

    @Test func roundTripsEveryField() throws {
        let records = Self.sampleRecords()
        let block = LogBlockCodec.encode(records)
        #expect(block.formatVersion == LogBlockCodec.formatVersion)
        #expect(try LogBlockCodec.decode(block) == records)
    }

    /// Blocks of the older single-stream layout (sent by agents built before version 2) still decode.
    @Test func versionOneBlocksStillDecode() throws {
        let records = Self.sampleRecords() + SyntheticFleetLines.make(count: 200, seed: 4)
        let block = LogBlockCodec.encode(records, formatVersion: 1)
        #expect(block.formatVersion == 1)
        #expect(try LogBlockCodec.decode(block) == records)
        #expect(block.summary == LogBlockCodec.encode(records).summary)
    }

    @Test func summaryDescribesTheLines() {
        let records = Self.sampleRecords()
        let summary = LogBlockCodec.encode(records).summary
        #expect(summary.lineCount == 6)
        #expect(summary.minTime == Timestamp(nanosecondsSinceEpoch: .min))
        #expect(summary.maxTime == Timestamp(nanosecondsSinceEpoch: .max))
        #expect(summary.severityCounts == [1, 1, 0, 1, 1, 0, 1, 1])
        #expect(summary.worstSeverity == .emergency)
        #expect(summary.tokenFilter.mightContainAll(Tokenizer.indexableTokenHashes(of: "timeout db-primary")))
        #expect(summary.tokenFilter.mightContainAll(Tokenizer.indexableTokenHashes(of: "nginx")))  // app names are indexed
    }

    @Test func emptyBlockRoundTrips() throws {
        let block = LogBlockCodec.encode([])
        #expect(block.summary.lineCount == 0)
        #expect(block.summary.tokenFilter == .empty)
        #expect(try LogBlockCodec.decode(block).isEmpty)
    }

    @Test(arguments: [Int32(0), 1, 6, 9])
    func everyCompressionLevelRoundTrips(level: Int32) throws {
        let records = SyntheticFleetLines.make(count: 300, seed: UInt64(level) + 1)
        #expect(try LogBlockCodec.decode(LogBlockCodec.encode(records, compressionLevel: level)) == records)
    }

    @Test func unsupportedVersionIsRejected() {
        var block = LogBlockCodec.encode(Self.sampleRecords())
        block.formatVersion = LogBlockCodec.readableFormatVersions.upperBound + 1
        #expect(throws: LogBlockError.self) { try LogBlockCodec.decode(block) }
        #expect(fieldOfError { try LogBlockCodec.decode(block) } == "formatVersion")
    }

    @Test func decodedSizeIsCapped() {
        let records = SyntheticFleetLines.make(count: 200, seed: 7)
        let block = LogBlockCodec.encode(records)
        #expect(fieldOfError { try LogBlockCodec.decode(block, maxUncompressedBytes: Int(block.uncompressedBytes) - 1) } == "uncompressedBytes")
        #expect((try? LogBlockCodec.decode(block, maxUncompressedBytes: Int(block.uncompressedBytes))) == records)
    }

    /// Version 1 finds out while inflating; version 2's container declares every stream's size, so the
    /// sum is checked before anything is inflated.
    @Test(arguments: [(UInt8(1), "compressed"), (2, "uncompressedBytes")])
    func understatedUncompressedSizeIsRejected(version: UInt8, field: String) {
        var block = LogBlockCodec.encode(SyntheticFleetLines.make(count: 50, seed: 3), formatVersion: version)
        block.uncompressedBytes /= 2
        #expect(fieldOfError { try LogBlockCodec.decode(block) } == field)
        block.uncompressedBytes = 0
        #expect(fieldOfError { try LogBlockCodec.decode(block) } == field)
    }

    @Test(arguments: [UInt8(1), 2])
    func overstatedUncompressedSizeIsRejected(version: UInt8) {
        var block = LogBlockCodec.encode(SyntheticFleetLines.make(count: 50, seed: 3), formatVersion: version)
        block.uncompressedBytes += 10
        #expect(fieldOfError { try LogBlockCodec.decode(block) } == "uncompressedBytes")
    }

    @Test func summaryMismatchesAreRejected() {
        let block = LogBlockCodec.encode(Self.sampleRecords())
        var wrongCount = block
        wrongCount.summary.lineCount += 1
        #expect(fieldOfError { try LogBlockCodec.decode(wrongCount) } == "count")
        var wrongSeverities = block
        wrongSeverities.summary.severityCounts[6] += 1
        #expect(fieldOfError { try LogBlockCodec.decode(wrongSeverities) } == "summary.severityCounts")
        var shortSeverities = block
        shortSeverities.summary.severityCounts.removeLast()
        #expect(fieldOfError { try LogBlockCodec.decode(shortSeverities) } == "summary.severityCounts")
        var wrongTime = block
        wrongTime.summary.maxTime = Self.base
        #expect(fieldOfError { try LogBlockCodec.decode(wrongTime) } == "summary.time")
    }
}

/// The `field` of the `LogBlockError` thrown by `body`, nil when it does not throw.
func fieldOfError(_ body: () throws -> [LogRecord]) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as LogBlockError {
        return error.field
    } catch {
        return "unexpected \(type(of: error))"
    }
}
