/// Encodes log lines into an ``EncodedLogBlock`` and back (layout: docs/CHUNK-FORMAT.md).
///
/// `encode` writes the columnar body, deflates it, checksums the compressed bytes and builds the
/// summary the store indexes. Version 2 (written now) compresses the messages apart from the other
/// columns, in one section per app, each with its own token filter, so a grep inflates only the
/// sections that may match; version 1 (one stream for the whole body, sent by older agents) is still
/// read. `decode` is total: any input yields lines or a ``LogBlockError``.
public enum LogBlockCodec {
    /// Current layout version written by ``encode(_:compressionLevel:formatVersion:)``.
    public static let formatVersion: UInt8 = 2
    /// Layout versions ``decode(_:maxUncompressedBytes:)`` reads.
    public static let readableFormatVersions: ClosedRange<UInt8> = 1...2
    /// Largest inflated body ``decode(_:maxUncompressedBytes:)`` accepts by default.
    public static let defaultMaxUncompressedBytes = 64 << 20
    /// zlib level used when the caller does not choose (zlib's own default).
    public static let defaultCompressionLevel: Int32 = 6
    /// Messages of an app with fewer bytes than this in a block share one section with the other small
    /// apps (a tiny zlib stream compresses badly on its own).
    public static let minSectionMessageBytes = 2048

    /// Columnar encoding + zlib at `compressionLevel` (0–9, clamped; -1 is zlib's default), with summary
    /// (times, severities, token filter). `formatVersion` 1 writes the older single-stream layout.
    public static func encode(_ records: [LogRecord], compressionLevel: Int32 = defaultCompressionLevel,
                              formatVersion: UInt8 = formatVersion) -> EncodedLogBlock {
        let level = compressionLevel == -1 ? -1 : min(9, max(0, compressionLevel))
        guard formatVersion == 2 else {
            precondition(formatVersion == 1, "LogBlockCodec writes format versions 1 and 2, not \(formatVersion)")
            let body = LogBlockBodyWriter(records: records).bytes
            let compressed = Zlib.deflate(body, level: level)
            return EncodedLogBlock(
                formatVersion: 1,
                summary: summarize(records),
                uncompressedBytes: UInt32(clamping: body.count),
                checksum: CRC32.checksum(compressed),
                compressed: compressed)
        }
        let meta = LogBlockBodyWriter(records: records, messagesInline: false)
        let plan = sectionPlan(records, appIndexes: meta.appIndexes)
        var allTokens = TokenHashSet(minimumCapacity: records.count * 2)
        var inflatedTotal = meta.bytes.count
        let sections = plan.map { apps, lines in
            var text: [UInt8] = []
            text.reserveCapacity(lines.reduce(0) { $0 + records[$1].message.utf8.count })
            var tokens = TokenHashSet(minimumCapacity: lines.count * 2)
            for app in apps { Tokenizer.forEachIndexableTokenHash(in: meta.dictionaryStrings[app]) { tokens.insert($0) } }
            for i in lines {
                var message = records[i].message
                message.withUTF8 { bytes in
                    text.append(contentsOf: bytes)
                    Tokenizer.forEachIndexableTokenHash(in: bytes) { tokens.insert($0) }
                }
            }
            allTokens.formUnion(tokens)
            inflatedTotal += text.count
            return (apps: apps, inflatedLength: text.count, compressed: Zlib.deflate(text, level: level),
                    filter: TokenFilter(tokenHashes: tokens))
        }
        let container = LogBlockContainer.build(metaInflatedLength: meta.bytes.count,
                                                 metaCompressed: Zlib.deflate(meta.bytes, level: level), sections: sections)
        return EncodedLogBlock(
            formatVersion: 2,
            summary: summarize(records, tokens: allTokens),
            uncompressedBytes: UInt32(clamping: inflatedTotal),
            checksum: CRC32.checksum(container),
            compressed: container)
    }

    /// Which apps' messages go together: each app with at least ``minSectionMessageBytes`` gets its own
    /// section (up to the limit), the rest share the last; apps in order of first use, lines in line order.
    private static func sectionPlan(_ records: [LogRecord], appIndexes: [Int]) -> [(apps: [Int], lines: [Int])] {
        var firstUse: [Int] = []
        var bytesOfApp: [Int: Int] = [:]
        var linesOfApp: [Int: [Int]] = [:]
        for (i, app) in appIndexes.enumerated() {
            if linesOfApp[app] == nil { firstUse.append(app) }
            linesOfApp[app, default: []].append(i)
            bytesOfApp[app, default: 0] += records[i].message.utf8.count
        }
        var plan: [(apps: [Int], lines: [Int])] = []
        var shared: (apps: [Int], lines: [Int]) = ([], [])
        for app in firstUse {
            if bytesOfApp[app, default: 0] >= minSectionMessageBytes && plan.count < LogBlockContainer.maxSections - 1 {
                plan.append(([app], linesOfApp[app] ?? []))
            } else {
                shared.apps.append(app)
                shared.lines.append(contentsOf: linesOfApp[app] ?? [])
            }
        }
        if !shared.apps.isEmpty {
            shared.lines.sort()
            plan.append(shared)
        }
        return plan
    }

    /// The index summary of `records`: line count, time range, lines per severity and the token filter
    /// of every message and app name.
    public static func summarize(_ records: [LogRecord]) -> BlockSummary {
        var tokens = TokenHashSet(minimumCapacity: records.count * 2)
        var lastApp: String?
        for record in records {
            Tokenizer.forEachIndexableTokenHash(in: record.message) { tokens.insert($0) }
            if record.app != lastApp {
                Tokenizer.forEachIndexableTokenHash(in: record.app) { tokens.insert($0) }
                lastApp = record.app
            }
        }
        return summarize(records, tokens: tokens)
    }

    /// The summary of `records` whose messages and apps hold `tokens`.
    private static func summarize(_ records: [LogRecord], tokens: TokenHashSet) -> BlockSummary {
        var severityCounts = [UInt32](repeating: 0, count: Severity.allCases.count)
        var minTime = Timestamp.distantFuture
        var maxTime = Timestamp(nanosecondsSinceEpoch: .min)
        for record in records {
            severityCounts[Int(record.severity.rawValue)] &+= 1
            minTime = min(minTime, record.time)
            maxTime = max(maxTime, record.time)
        }
        if records.isEmpty { (minTime, maxTime) = (.zero, .zero) }
        return BlockSummary(
            lineCount: UInt32(clamping: records.count), minTime: minTime, maxTime: maxTime,
            severityCounts: severityCounts, tokenFilter: TokenFilter(tokenHashes: tokens))
    }

    /// Verifies the checksum, inflates (bounded) and decodes every line, or throws naming the problem.
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> [LogRecord] {
        let inflated = try inflate(block, maxUncompressedBytes: maxUncompressedBytes)
        let records = try inflated.withReader { reader, messages throws(LogBlockError) in
            try reader.readRecords(expectedCount: Int(block.summary.lineCount), messages: messages)
        }
        try verify(times: records.lazy.map(\.time.nanosecondsSinceEpoch), severities: records.lazy.map(\.severity.rawValue),
                   against: block.summary)
        return records
    }

    /// Verifies, inflates and validates `block` like ``decode(_:maxUncompressedBytes:)``, but builds only the
    /// lines `keep` accepts — each whole, fields included, with its index in the block. For queries that
    /// test every line and keep few (a grep): the others cost no `String`.
    ///
    /// `requiredTokens` are token hashes (``Tokenizer``) every kept line's message or app name holds: a
    /// version-2 section whose filter lacks one is left compressed and its lines are not shown to `keep`
    /// (the block's checksum still covers its bytes).
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                              requiredTokens: [UInt64] = [],
                              keeping keep: (LogLineView) -> Bool) throws(LogBlockError) -> [(index: Int, record: LogRecord)] {
        var stats = LogBlockReadStats()
        return try decode(block, maxUncompressedBytes: maxUncompressedBytes, requiredTokens: requiredTokens, stats: &stats, keeping: keep)
    }

    /// ``decode(_:maxUncompressedBytes:requiredTokens:keeping:)`` that also adds what it inflated and
    /// skipped to `stats` (for a query's `--explain`).
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                              requiredTokens: [UInt64] = [], stats: inout LogBlockReadStats,
                              keeping keep: (LogLineView) -> Bool) throws(LogBlockError) -> [(index: Int, record: LogRecord)] {
        let inflated = try inflate(block, maxUncompressedBytes: maxUncompressedBytes) { requiredTokens.isEmpty || $0.mightContainAll(requiredTokens) }
        stats.bytesInflated += inflated.body.count + (inflated.messages?.count ?? 0)
        stats.sectionsSkipped += inflated.layout?.bases.lazy.filter { $0 == nil }.count ?? 0
        let (columns, kept) = try inflated.withReader { reader, messages throws(LogBlockError) in
            try reader.readRecords(expectedCount: Int(block.summary.lineCount), messages: messages) { columns, messages, i in
                keep(LogLineView(time: Timestamp(nanosecondsSinceEpoch: columns.times[i]),
                                 severity: Severity(rawValue: columns.severities[i]) ?? .debug,
                                 app: columns.dictionary[columns.apps[i]],
                                 message: columns.message(at: i, in: messages)))
            }
        }
        try verify(times: columns.times, severities: columns.severities, against: block.summary)
        return kept
    }

    /// Verifies and inflates `block` like ``decode(_:maxUncompressedBytes:)`` but only locates the lines:
    /// times, severities and apps decoded, messages left as bytes until asked for (``LogBlockLines``).
    /// For readers that test every line and keep few, such as the collector's rules.
    ///
    /// A version-2 section whose token filter `inflatingSectionsWhere` rejects is left compressed: its
    /// lines' times, severities and apps are there, their messages are not (``LogBlockLines/isMessageLoaded(at:)``).
    public static func lines(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                             inflatingSectionsWhere wanted: (TokenFilter) -> Bool = { _ in true }) throws(LogBlockError) -> LogBlockLines {
        let inflated = try inflate(block, maxUncompressedBytes: maxUncompressedBytes, wanted: wanted)
        let index = try inflated.withReader { reader, _ throws(LogBlockError) in
            try reader.readColumns(expectedCount: Int(block.summary.lineCount))
        }
        return LogBlockLines(messages: inflated.messages ?? inflated.body, index: index)
    }

    /// Every line's time and severity, inflating only the start of the body (version 1) or of the meta
    /// stream (version 2) that holds them, for readers that need error times but no text.
    public static func timesAndSeverities(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> (times: [Int64], severities: [Severity]) {
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let lines = Int(block.summary.lineCount)
        // count varint + a time varint (at most 10 bytes) and a severity byte per line
        var prefixBytes = min(Int(block.uncompressedBytes), 10 + lines * 11)
        var stream = block.compressed
        if block.formatVersion == 2 {
            let container = try block.compressed.withUnsafeBufferPointer { bytes throws(LogBlockError) in
                try LogBlockContainer.parse(bytes, uncompressedBytes: Int(block.uncompressedBytes))
            }
            stream = Array(block.compressed[container.meta])
            prefixBytes = min(prefixBytes, container.metaInflatedLength)
        }
        let prefix: [UInt8]
        do {
            prefix = try Zlib.inflatePrefix(stream, count: prefixBytes)
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
        guard readableFormatVersions.contains(block.formatVersion) else {
            throw LogBlockError(field: "formatVersion", problem: "version \(block.formatVersion) is not supported (expected \(readableFormatVersions.lowerBound)–\(readableFormatVersions.upperBound))")
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

    /// A block inflated for reading: `body` holds the columns (the whole version-1 body, or the version-2
    /// meta stream) and, for version 2, `messages` the inflated sections `layout` places.
    struct InflatedBlock {
        var body: [UInt8]
        var messages: [UInt8]?
        var layout: LogBlockSectionLayout?

        /// Runs `read` with a reader over the columns and the buffer the messages are in.
        func withReader<Result>(_ read: (inout LogBlockBodyReader, UnsafeBufferPointer<UInt8>) throws(LogBlockError) -> Result) throws(LogBlockError) -> Result {
            try body.withUnsafeBufferPointer { body throws(LogBlockError) in
                guard let messages, let layout else {
                    var reader = LogBlockBodyReader(body)
                    return try read(&reader, body)
                }
                return try messages.withUnsafeBufferPointer { messages throws(LogBlockError) in
                    var reader = LogBlockBodyReader(body, messages: .sections(layout))
                    return try read(&reader, messages)
                }
            }
        }
    }

    /// Checks the header and checksum, then inflates the body (version 1), or the meta stream and the
    /// sections `wanted` accepts given their token filters (version 2), each within its declared size.
    static func inflate(_ block: EncodedLogBlock, maxUncompressedBytes: Int,
                        wanted: (TokenFilter) -> Bool = { _ in true }) throws(LogBlockError) -> InflatedBlock {
        guard block.formatVersion == 2 else {
            return InflatedBlock(body: try inflateBody(of: block, maxUncompressedBytes: maxUncompressedBytes))
        }
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        return try block.compressed.withUnsafeBufferPointer { bytes throws(LogBlockError) in
            let container = try LogBlockContainer.parse(bytes, uncompressedBytes: Int(block.uncompressedBytes))
            let meta = try inflateExactly(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[container.meta])), count: container.metaInflatedLength,
                                          field: "container.meta")
            var bases: [Int?] = []
            var total = 0
            for section in container.sections {
                guard wanted(section.filter) else {
                    bases.append(nil)
                    continue
                }
                bases.append(total)
                total += section.inflatedLength
            }
            var messages = [UInt8](repeating: 0, count: total)
            let failure: LogBlockError? = messages.withUnsafeMutableBytes { out in
                for (s, section) in container.sections.enumerated() {
                    guard let base = bases[s] else { continue }
                    do {
                        try Zlib.inflate(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[section.compressed])),
                                         into: UnsafeMutableRawBufferPointer(rebasing: out[base..<(base + section.inflatedLength)]))
                    } catch {
                        return LogBlockError(field: "container.sections", problem: "section \(s): \(error)")
                    }
                }
                return nil
            }
            if let failure { throw failure }
            return InflatedBlock(body: meta, messages: messages, layout: LogBlockSectionLayout(sections: container.sections, bases: bases))
        }
    }

    /// Inflates `stream`, which must give exactly `count` bytes.
    private static func inflateExactly(_ stream: UnsafeRawBufferPointer, count: Int, field: String) throws(LogBlockError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let failure: Zlib.Failure? = out.withUnsafeMutableBytes { out -> Zlib.Failure? in
            do throws(Zlib.Failure) {
                try Zlib.inflate(stream, into: out)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw LogBlockError(field: field, problem: "\(failure) (declared \(count) bytes)") }
        return out
    }

    /// Checks the header fields and the checksum, then inflates a version-1 body within its declared size.
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

/// What reading blocks inflated and left compressed.
public struct LogBlockReadStats: Sendable, Hashable {
    /// Bytes inflated: whole version-1 bodies; version-2 meta streams and the sections read.
    public var bytesInflated = 0
    /// Version-2 message sections left compressed because their token filter ruled the query out.
    public var sectionsSkipped = 0

    public init() {}
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
