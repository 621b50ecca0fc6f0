/// Encodes log lines into an ``EncodedLogBlock`` and back (layout: docs/CHUNK-FORMAT.md).
///
/// `encode` writes the columnar body, deflates it, checksums the compressed bytes and builds the
/// summary the store indexes. `decode` is total: any input yields lines or a ``LogBlockError``.
public enum LogBlockCodec {
    /// Current layout version written by ``encode(_:compressionLevel:)``.
    public static let formatVersion: UInt8 = 1
    /// Largest inflated body ``decode(_:maxUncompressedBytes:)`` accepts by default.
    public static let defaultMaxUncompressedBytes = 64 << 20
    /// zlib level used when the caller does not choose (zlib's own default).
    public static let defaultCompressionLevel: Int32 = 6

    /// Columnar encoding + zlib at `compressionLevel` (0–9, clamped; -1 is zlib's default), with summary
    /// (times, severities, token filter).
    public static func encode(_ records: [LogRecord], compressionLevel: Int32 = defaultCompressionLevel) -> EncodedLogBlock {
        let body = LogBlockBodyWriter(records: records).bytes
        let compressed = Zlib.deflate(body, level: compressionLevel == -1 ? -1 : min(9, max(0, compressionLevel)))
        return EncodedLogBlock(
            formatVersion: formatVersion,
            summary: summarize(records),
            uncompressedBytes: UInt32(clamping: body.count),
            checksum: CRC32.checksum(compressed),
            compressed: compressed)
    }

    /// The index summary of `records`: line count, time range, lines per severity and the token filter
    /// of every message and app name.
    public static func summarize(_ records: [LogRecord]) -> BlockSummary {
        var severityCounts = [UInt32](repeating: 0, count: Severity.allCases.count)
        var minTime = Timestamp.distantFuture
        var maxTime = Timestamp(nanosecondsSinceEpoch: .min)
        var tokens = Set<UInt64>()
        var lastApp: String?
        for record in records {
            severityCounts[Int(record.severity.rawValue)] &+= 1
            minTime = min(minTime, record.time)
            maxTime = max(maxTime, record.time)
            Tokenizer.forEachIndexableTokenHash(in: record.message) { tokens.insert($0) }
            if record.app != lastApp {
                Tokenizer.forEachIndexableTokenHash(in: record.app) { tokens.insert($0) }
                lastApp = record.app
            }
        }
        if records.isEmpty { (minTime, maxTime) = (.zero, .zero) }
        return BlockSummary(
            lineCount: UInt32(clamping: records.count), minTime: minTime, maxTime: maxTime,
            severityCounts: severityCounts, tokenFilter: TokenFilter(tokenHashes: tokens))
    }

    /// Verifies the checksum, inflates (bounded) and decodes every line, or throws naming the problem.
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> [LogRecord] {
        let body = try inflateBody(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let records = try decodeBody(body, lineCount: Int(block.summary.lineCount))
        try verify(times: records.lazy.map(\.time.nanosecondsSinceEpoch), severities: records.lazy.map(\.severity.rawValue),
                   against: block.summary)
        return records
    }

    /// Verifies, inflates and validates `block` like ``decode(_:maxUncompressedBytes:)``, but builds only the
    /// lines `keep` accepts — each whole, fields included, with its index in the block. For queries that
    /// test every line and keep few (a grep): the others cost no `String`.
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                              keeping keep: (LogLineView) -> Bool) throws(LogBlockError) -> [(index: Int, record: LogRecord)] {
        let body = try inflateBody(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let (columns, kept) = try body.withUnsafeBufferPointer { buffer throws(LogBlockError) in
            var reader = LogBlockBodyReader(buffer)
            return try reader.readRecords(expectedCount: Int(block.summary.lineCount)) { columns, body, i in
                keep(LogLineView(time: Timestamp(nanosecondsSinceEpoch: columns.times[i]),
                                 severity: Severity(rawValue: columns.severities[i]) ?? .debug,
                                 app: columns.dictionary[columns.apps[i]],
                                 message: UnsafeBufferPointer(rebasing: body[columns.messageStarts[i]..<columns.messageStarts[i + 1]])))
            }
        }
        try verify(times: columns.times, severities: columns.severities, against: block.summary)
        return kept
    }

    /// Verifies and inflates `block` like ``decode(_:maxUncompressedBytes:)`` but only locates the lines:
    /// times, severities and apps decoded, messages left as bytes until asked for (``LogBlockLines``).
    /// For readers that test every line and keep few, such as the collector's rules.
    public static func lines(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> LogBlockLines {
        let body = try inflateBody(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let index = try body.withUnsafeBufferPointer { buffer throws(LogBlockError) in
            var reader = LogBlockBodyReader(buffer)
            return try reader.readColumns(expectedCount: Int(block.summary.lineCount))
        }
        return LogBlockLines(body: body, index: index)
    }

    /// Every line's time and severity, inflating only the start of the body that holds them (a few bytes
    /// per line of a body of hundreds), for readers that need error times but no text.
    public static func timesAndSeverities(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> (times: [Int64], severities: [Severity]) {
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let lines = Int(block.summary.lineCount)
        // count varint + a time varint (at most 10 bytes) and a severity byte per line
        let prefixBytes = min(Int(block.uncompressedBytes), 10 + lines * 11)
        let prefix: [UInt8]
        do {
            prefix = try Zlib.inflatePrefix(block.compressed, count: prefixBytes)
        } catch {
            throw LogBlockError(field: "compressed", problem: "\(error) (reading the times and severities)")
        }
        let (times, severities) = try prefix.withUnsafeBufferPointer { buffer throws(LogBlockError) in
            var reader = LogBlockBodyReader(buffer)
            return try reader.readTimesAndSeverities(expectedCount: lines, perLineBytes: 2)
        }
        return (times, severities.map { Severity(rawValue: $0) ?? .debug })
    }

    /// Checks the header fields and the checksum.
    static func checkHeader(of block: EncodedLogBlock, maxUncompressedBytes: Int) throws(LogBlockError) {
        guard block.formatVersion == formatVersion else {
            throw LogBlockError(field: "formatVersion", problem: "version \(block.formatVersion) is not supported (expected \(formatVersion))")
        }
        let declared = Int(block.uncompressedBytes)
        guard declared <= maxUncompressedBytes else {
            throw LogBlockError(field: "uncompressedBytes", problem: "\(declared) exceeds maxUncompressedBytes \(maxUncompressedBytes)")
        }
        let actualChecksum = CRC32.checksum(block.compressed)
        guard actualChecksum == block.checksum else {
            throw LogBlockError(field: "checksum", problem: "CRC-32 of the compressed bytes is \(actualChecksum); block says \(block.checksum)")
        }
    }

    /// Checks the header fields and the checksum, then inflates the body within its declared size.
    static func inflateBody(of block: EncodedLogBlock, maxUncompressedBytes: Int) throws(LogBlockError) -> [UInt8] {
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let declared = Int(block.uncompressedBytes)
        let body: [UInt8]
        do {
            body = try Zlib.inflate(block.compressed, expectedSize: declared, limit: declared)
        } catch {
            throw LogBlockError(field: "compressed", problem: "\(error) (declared uncompressedBytes \(declared))")
        }
        guard body.count == declared else {
            throw LogBlockError(field: "uncompressedBytes", problem: "body inflates to \(body.count) bytes; block says \(declared)")
        }
        return body
    }

    /// Decodes an inflated body (docs/CHUNK-FORMAT.md) of `lineCount` lines, or throws naming the column.
    public static func decodeBody(_ body: [UInt8], lineCount: Int) throws(LogBlockError) -> [LogRecord] {
        try body.withUnsafeBufferPointer { buffer throws(LogBlockError) in
            var reader = LogBlockBodyReader(buffer)
            return try reader.readRecords(expectedCount: lineCount)
        }
    }

    private static func verify(times: some Collection<Int64>, severities: some Sequence<UInt8>,
                               against summary: BlockSummary) throws(LogBlockError) {
        guard summary.severityCounts.count == Severity.allCases.count else {
            throw LogBlockError(field: "summary.severityCounts", problem: "has \(summary.severityCounts.count) entries; must have 8")
        }
        var counts = [UInt32](repeating: 0, count: Severity.allCases.count)
        for severity in severities { counts[Int(severity)] &+= 1 }
        guard counts == summary.severityCounts else {
            throw LogBlockError(field: "summary.severityCounts", problem: "lines have \(counts); summary says \(summary.severityCounts)")
        }
        guard let lo = times.min(), let hi = times.max() else { return }
        guard lo == summary.minTime.nanosecondsSinceEpoch, hi == summary.maxTime.nanosecondsSinceEpoch else {
            throw LogBlockError(field: "summary.time", problem: "lines span \(lo)…\(hi) ns; summary says \(summary.minTime.nanosecondsSinceEpoch)…\(summary.maxTime.nanosecondsSinceEpoch)")
        }
    }
}

/// One line of a block as ``LogBlockCodec/decode(_:maxUncompressedBytes:keeping:)`` shows it to its
/// predicate: the small columns decoded, the message as its bytes in the block (valid during the call only).
public struct LogLineView {
    public let time: Timestamp
    public let severity: Severity
    public let app: String
    /// The message's UTF-8 bytes as sent (not checked: `String(decoding:as:)` repairs them).
    public let message: UnsafeBufferPointer<UInt8>
}
