/// Encodes log lines into an ``EncodedLogBlock`` and back (layout: docs/CHUNK-FORMAT.md).
///
/// `encode` writes the columnar body, deflates it, checksums the compressed bytes and builds the
/// summary the store indexes. Version 2 compresses the messages apart from the other columns, in one
/// section per app, each with its own token filter, so a grep inflates only the sections that may match;
/// version 3 stores each section's messages as templates and typed variables, which compresses fleet
/// logs' IDs and numbers far better, version 4 gives the templates of one shape shared columns and the
/// near-random bytes a deflate block of their own (ADR 013), and version 5 (written now) stores each line's
/// severity, facility and app as one index into a table of line kinds and decimal procIDs as integers
/// (ADR 014). Versions 1 (one stream for the whole body) to 4, sent by older agents, are still read. Version 6
/// is version 5 whose sections refer to a store's ``TemplateDictionary`` (ADR 016): only the store writes it, and
/// reading it takes that dictionary. `decode` is total: any input yields lines or a ``LogBlockError``.
public enum LogBlockCodec {
    /// Current layout version written by ``encode(_:compressionLevel:formatVersion:)``.
    public static let formatVersion: UInt8 = 5
    /// Layout versions ``decode(_:maxUncompressedBytes:)`` reads.
    public static let readableFormatVersions: ClosedRange<UInt8> = 1...6
    /// Layout versions a batch may carry over the wire: version 6 refers to a store's dictionary, so only the
    /// store writes it.
    public static let wireFormatVersions: ClosedRange<UInt8> = 1...5
    /// The version whose sections refer to a ``TemplateDictionary`` (written by `encode(_:compressionLevel:templateDictionary:)`).
    public static let dictionaryFormatVersion: UInt8 = 6
    /// Largest inflated body ``decode(_:maxUncompressedBytes:)`` accepts by default.
    public static let defaultMaxUncompressedBytes = 64 << 20
    /// zlib level used when the caller does not choose (zlib's own default).
    public static let defaultCompressionLevel: Int32 = 6
    /// Messages of an app with fewer bytes than this in a block share one section with the other small
    /// apps (a tiny zlib stream compresses badly on its own).
    public static let minSectionMessageBytes = 2048

    /// Columnar encoding + zlib at `compressionLevel` (0–9, clamped; -1 is zlib's default), with summary
    /// (times, severities, token filter). `formatVersion` 1 writes the older single-stream layout.
    /// `deflateBlockPerPart` (versions 4 and 5) ends a deflate block after each meta column and each part of a
    /// section, ~0.7 B/line smaller on fleet logs; each block costs zlib a Huffman tree, so a writer of many
    /// small blocks that must be fast (the collector's syslog path) turns it off. The bytes inflate the same.
    public static func encode(_ records: [LogRecord], compressionLevel: Int32 = defaultCompressionLevel,
                              formatVersion: UInt8 = formatVersion, deflateBlockPerPart: Bool = true) -> EncodedLogBlock {
        precondition(wireFormatVersions.contains(formatVersion), "LogBlockCodec writes format versions 1–5 alone, not \(formatVersion)")
        return encode(records, compressionLevel: compressionLevel, formatVersion: formatVersion, deflateBlockPerPart: deflateBlockPerPart,
                      templateDictionary: nil)
    }

    /// Version 6: version 5 whose sections name `templateDictionary`'s templates instead of spelling them (ADR 016).
    /// Reading the block takes the same dictionary.
    public static func encode(_ records: [LogRecord], compressionLevel: Int32 = defaultCompressionLevel,
                              templateDictionary: TemplateDictionary) -> EncodedLogBlock {
        encode(records, compressionLevel: compressionLevel, formatVersion: dictionaryFormatVersion, deflateBlockPerPart: true,
               templateDictionary: templateDictionary)
    }

    private static func encode(_ records: [LogRecord], compressionLevel: Int32, formatVersion: UInt8, deflateBlockPerPart: Bool,
                               templateDictionary: TemplateDictionary?) -> EncodedLogBlock {
        let level = compressionLevel == -1 ? -1 : min(9, max(0, compressionLevel))
        guard formatVersion >= 2 else {
            let body = LogBlockBodyWriter(records: records).bytes
            let compressed = Zlib.deflate(body, level: level)
            return EncodedLogBlock(
                formatVersion: 1,
                summary: summarize(records),
                uncompressedBytes: UInt32(clamping: body.count),
                checksum: CRC32.checksum(compressed),
                compressed: compressed)
        }
        let meta = LogBlockBodyWriter(records: records, messages: formatVersion >= 3 ? .none : .lengths,
                                      layout: metaLayout(formatVersion))
        var allTokens = TokenHashSet(minimumCapacity: records.count * 2)
        let sections = messageSections(records, meta: meta, level: level, formatVersion: formatVersion,
                                       deflateBlockPerPart: deflateBlockPerPart, templateDictionary: templateDictionary, tokens: &allTokens)
        let container = LogBlockContainer.build(formatVersion: formatVersion, templateDictionary: templateDictionary,
                                                 metaInflatedLength: meta.bytes.count,
                                                 metaCompressed: Zlib.deflate(meta.bytes, level: level,
                                                                              blockEnds: formatVersion >= 4 && deflateBlockPerPart ? meta.columnEnds : []),
                                                 sections: sections)
        return EncodedLogBlock(
            formatVersion: formatVersion,
            summary: summarize(records, tokens: allTokens),
            uncompressedBytes: UInt32(clamping: sections.reduce(meta.bytes.count) { $0 + $1.inflatedLength }),
            checksum: CRC32.checksum(container),
            compressed: container)
    }

    /// How a block of `formatVersion` lays out its meta stream.
    static func metaLayout(_ formatVersion: UInt8) -> LogBlockBodyWriter.MetaLayout {  // version 6: as 5
        formatVersion >= 5 ? .lineKinds : .perColumn
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
    static func summarize(_ records: [LogRecord], tokens: TokenHashSet) -> BlockSummary {
        var severityCounts = [UInt32](repeating: 0, count: Severity.allCases.count)
        var minTime = Timestamp.distantFuture
        var maxTime = Timestamp(nanosecondsSinceEpoch: .min)
        for i in records.indices {  // by index: `for record in records` copies each record
            severityCounts[Int(records[i].severity.rawValue)] &+= 1
            minTime = min(minTime, records[i].time)
            maxTime = max(maxTime, records[i].time)
        }
        if records.isEmpty { (minTime, maxTime) = (.zero, .zero) }
        return BlockSummary(
            lineCount: UInt32(clamping: records.count), minTime: minTime, maxTime: maxTime,
            severityCounts: severityCounts, tokenFilter: TokenFilter(tokenHashes: tokens))
    }

    /// Verifies the checksum, inflates (bounded) and decodes every line, or throws naming the problem.
    /// A version-6 block takes the `templateDictionary` it names (``templateDictionaryID(of:)``).
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                              templateDictionary: TemplateDictionary? = nil) throws(LogBlockError) -> [LogRecord] {
        let inflated = try inflate(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary)
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
    /// (the block's checksum still covers its bytes). A version-6 section's filter holds no token with a digit
    /// (ADR 016): it is asked about `requiredTextTokens` (those of `requiredTokens` without one,
    /// ``TokenPhraseMatcher/textTokenHashes``) instead, and without them every version-6 section is inflated.
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                              templateDictionary: TemplateDictionary? = nil, requiredTokens: [UInt64] = [],
                              requiredTextTokens: [UInt64]? = nil,
                              keeping keep: (LogLineView) -> Bool) throws(LogBlockError) -> [(index: Int, record: LogRecord)] {
        var stats = LogBlockReadStats()
        return try decode(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary,
                          requiredTokens: requiredTokens, requiredTextTokens: requiredTextTokens, stats: &stats, keeping: keep)
    }

    /// ``decode(_:maxUncompressedBytes:requiredTokens:keeping:)`` that also adds what it inflated and
    /// skipped to `stats` (for a query's `--explain`).
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                              templateDictionary: TemplateDictionary? = nil, requiredTokens: [UInt64] = [],
                              requiredTextTokens: [UInt64]? = nil, stats: inout LogBlockReadStats,
                              keeping keep: (LogLineView) -> Bool) throws(LogBlockError) -> [(index: Int, record: LogRecord)] {
        let sectionTokens = block.formatVersion >= dictionaryFormatVersion ? requiredTextTokens ?? [] : requiredTokens
        let inflated = try inflate(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary) {
            sectionTokens.isEmpty || $0.mightContainAll(sectionTokens)
        }
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
    /// Version-6 sections are always inflated (their filters lack the tokens of variables, ADR 016).
    public static func lines(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes,
                             templateDictionary: TemplateDictionary? = nil,
                             inflatingSectionsWhere wanted: (TokenFilter) -> Bool = { _ in true }) throws(LogBlockError) -> LogBlockLines {
        let inflated = try inflate(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary) { filter in
            block.formatVersion >= dictionaryFormatVersion || wanted(filter)
        }
        let index = try inflated.withReader { reader, _ throws(LogBlockError) in
            try reader.readColumns(expectedCount: Int(block.summary.lineCount))
        }
        return LogBlockLines(messages: inflated.messages ?? inflated.body, index: index)
    }

    /// Every line's time and severity, inflating only the start of the body (version 1) or of the meta
    /// stream (versions 2 to 5) that holds them, for readers that need error times but no text.
    public static func timesAndSeverities(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> (times: [Int64], severities: [Severity]) {
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let lines = Int(block.summary.lineCount)
        // count varint + a time varint (at most 10 bytes) and a severity byte per line; version 5: a kind index
        // (at most 10 bytes) per line and up to a kind (2 bytes and an app index) per line
        let perLine = metaLayout(block.formatVersion) == .lineKinds ? 10 + 10 + 12 : 11
        var prefixBytes = min(Int(block.uncompressedBytes), 20 + lines * perLine)
        var stream = block.compressed
        if block.formatVersion >= 2 {
            let container = try block.compressed.withUnsafeBufferPointer { bytes throws(LogBlockError) in
                try LogBlockContainer.parse(bytes, formatVersion: block.formatVersion, uncompressedBytes: Int(block.uncompressedBytes),
                                            maxUncompressedBytes: maxUncompressedBytes)
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
            var reader = LogBlockBodyReader(buffer, layout: metaLayout(block.formatVersion))
            return try reader.readTimesAndSeverities(expectedCount: lines, perLineBytes: 2)
        }
        return (times, severities.map { Severity(rawValue: $0) ?? .debug })
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
