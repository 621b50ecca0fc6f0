@testable import IILogsCore
import Testing

/// Version 5's meta stream: one index per line into a table of line kinds (severity, facility, app), and procIDs
/// as integer planes when every one is empty or a plain decimal — read back exactly, damage named by its column.
@Suite struct LogBlockLineKindsTests {
    static let base = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)

    static func line(_ i: Int, app: String, severity: Severity = .info, facility: UInt8 = 16, procID: String,
                     fields: [LogField] = []) -> LogRecord {
        LogRecord(time: base.adding(nanoseconds: Int64(i) * 1_000_000), severity: severity, facility: facility, hostname: "ip-10-0-1-7",
                  app: app, procID: procID, message: "line \(i)", fields: fields)
    }

    /// Lines of three apps with a few (severity, facility) pairs and decimal procIDs, one without any.
    static let decimalLines: [LogRecord] = (0..<60).map { i in
        switch i % 4 {
        case 0: line(i, app: "nginx", procID: "\(900 + i % 7)")
        case 1: line(i, app: "app", severity: i % 8 == 1 ? .error : .info, facility: 1, procID: "\(2000 + i)", fields: [LogField("k", "v\(i)")])
        case 2: line(i, app: "kernel", severity: .notice, facility: 0, procID: "")
        default: line(i, app: "nginx", severity: .warning, procID: "\(UInt64(999_999_999_999_999_999) - UInt64(i))")
        }
    }

    /// The meta stream of `records` with the messages inline, so the reader alone can read it back.
    static func body(_ records: [LogRecord]) -> LogBlockBodyWriter {
        LogBlockBodyWriter(records: records, messages: .inline, layout: .lineKinds)
    }

    static func read(_ body: [UInt8], count: Int) throws(LogBlockError) -> [LogRecord] {
        try body.withUnsafeBufferPointer { buffer throws(LogBlockError) in
            var reader = LogBlockBodyReader(buffer, layout: .lineKinds)
            return try reader.readRecords(expectedCount: count)
        }
    }

    /// Offset of the line-kinds column: after the count and the timestamps.
    static func lineKindsOffset(_ body: [UInt8]) throws -> Int {
        var offset = 0
        try body.withUnsafeBufferPointer { buffer in
            let count = try Varint.read(buffer, at: &offset)
            for _ in 0..<count { _ = try Varint.read(buffer, at: &offset) }
        }
        return offset
    }

    @Test func decimalProcIDsAreStoredAsNumbersAndComeBackAsTheSameStrings() throws {
        let writer = Self.body(Self.decimalLines)
        #expect(writer.dictionaryStrings == ["ip-10-0-1-7", "nginx", "app", "kernel", "k"])
        #expect(try Self.read(writer.bytes, count: Self.decimalLines.count) == Self.decimalLines)
    }

    @Test(arguments: ["0042", "nginx-1", "1234567890123456789", "-1", "12a", " 7"])
    func procIDsThatAreNotPlainDecimalsKeepTheDictionary(odd: String) throws {
        var records = Self.decimalLines
        records[5].procID = odd
        let writer = Self.body(records)
        #expect(writer.dictionaryStrings.contains(odd))
        #expect(writer.dictionaryStrings.contains("905"))
        #expect(try Self.read(writer.bytes, count: records.count) == records)
    }

    @Test func eachDistinctSeverityFacilityAndAppIsOneKind() throws {
        let writer = Self.body(Self.decimalLines)
        var offset = try Self.lineKindsOffset(writer.bytes)
        let kinds = try writer.bytes.withUnsafeBufferPointer { try Varint.read($0, at: &offset) }
        // nginx info, app info, app error, kernel notice, nginx warning
        #expect(kinds == 5)
        #expect(writer.bytes[offset..<(offset + 3)] == [Severity.info.rawValue, 16, 1])  // nginx is dictionary string 1
    }

    @Test func emptyBlocksRoundTrip() throws {
        #expect(try Self.read(Self.body([]).bytes, count: 0).isEmpty)
        #expect(try LogBlockCodec.decode(LogBlockCodec.encode([], formatVersion: 5)).isEmpty)
    }

    @Test func damagedLineKindsAreNamed() throws {
        let writer = Self.body(Self.decimalLines)
        let at = try Self.lineKindsOffset(writer.bytes)
        func field(_ damage: (inout [UInt8]) -> Void) -> String? {
            var body = writer.bytes
            damage(&body)
            return fieldOfError { try Self.read(body, count: Self.decimalLines.count) }
        }
        #expect(field { $0[at + 1] = 8 } == "lineKinds")  // kind 0's severity
        #expect(field { $0[at + 3] = 0x7F } == "lineKinds.app")  // kind 0's app, past the dictionary
        let firstIndex = at + 1 + 3 * 5
        #expect(field { $0[firstIndex] = 5 } == "lineKinds.index")  // only kinds 0–4 exist
        #expect(field { $0[at] = 0xFF; $0.insert(0x7F, at: at + 1) } == "lineKinds.count")  // 16,383 kinds cannot fit
        #expect(field { $0[at] = 61 } == "lineKinds.count")  // more kinds than the 60 lines
    }

    @Test func damagedProcIDPlanesAreNamed() throws {
        let writer = Self.body(Self.decimalLines)
        let mode = writer.columnEnds[4]  // count+times, kinds, kind indexes, dictionary, hosts: then the procIDs
        #expect(writer.bytes[mode] == ProcIDPlanes.planesMode)
        #expect(writer.bytes[mode + 1] == 8)  // 999,999,999,999,999,999 + 1 needs eight bytes
        func field(_ damage: (inout [UInt8]) -> Void) -> String? {
            var body = writer.bytes
            damage(&body)
            return fieldOfError { try Self.read(body, count: Self.decimalLines.count) }
        }
        #expect(field { $0[mode] = 2 } == "procIDs.mode")
        #expect(field { $0[mode + 1] = 0 } == "procIDs.width")
        #expect(field { $0[mode + 1] = 9 } == "procIDs.width")
        #expect(field { $0.removeSubrange((mode + 2)...) } == "procIDs")
    }

    /// Numeric procIDs are not in the dictionary, so a field name cannot name one.
    @Test func fieldNamesCannotIndexNumericProcIDs() throws {
        let records = [Self.line(0, app: "app", procID: "77", fields: [LogField("k", "v")])]
        var body = Self.body(records).bytes
        // the last bytes: field count 1, name index 2 ("k"), value "v"
        #expect(Array(body.suffix(4)) == [1, 2, 1, 0x76])
        body[body.count - 3] = 3  // "77" would be string 3 had it been interned
        #expect(fieldOfError { try Self.read(body, count: 1) } == "fields.name")
    }

    @Test func version5BlocksRoundTripAndAgreeWithTheTimesOnlyReader() throws {
        let records = SyntheticFleetLines.make(count: 1_500, seed: 5) + Self.decimalLines + LogBlockCodecTests.sampleRecords()
        let block = LogBlockCodec.encode(records, formatVersion: 5)
        #expect(try LogBlockCodec.decode(block) == records)
        let (times, severities) = try LogBlockCodec.timesAndSeverities(of: block)
        #expect(times == records.map(\.time.nanosecondsSinceEpoch))
        #expect(severities == records.map(\.severity))
    }

    /// What version 5 is for: fewer meta bytes than version 4 for the same fleet lines (sizes are deterministic).
    @Test func version5MetaStreamsAreSmallerOnFleetLines() throws {
        let records = SyntheticFleetLines.make(count: 1_000, seed: 2026)
        func metaBytes(_ version: UInt8) throws -> Int {
            let block = LogBlockCodec.encode(records, formatVersion: version)
            return try LogBlockSectionTests.container(of: block).meta.count
        }
        let (v4, v5) = (try metaBytes(4), try metaBytes(5))
        print("meta stream of 1,000 fleet lines: version 4 \(v4) B, version 5 \(v5) B")
        #expect(v5 < v4)
    }
}
