/// A compressed, columnar block of log lines of one instance plus the summary the store indexes.
///
/// The same bytes are a batch's payload on the wire and a chunk in the store (docs/CHUNK-FORMAT.md).
public struct EncodedLogBlock: Sendable, Hashable {
    /// Layout version of `compressed` once inflated.
    public var formatVersion: UInt8
    public var summary: BlockSummary
    /// Size of the columnar body once inflated, checked against limits before inflating.
    public var uncompressedBytes: UInt32
    /// CRC-32 (zlib polynomial) of `compressed`.
    public var checksum: UInt32
    /// zlib stream of the columnar body.
    public var compressed: [UInt8]

    public init(formatVersion: UInt8, summary: BlockSummary, uncompressedBytes: UInt32, checksum: UInt32, compressed: [UInt8]) {
        self.formatVersion = formatVersion
        self.summary = summary
        self.uncompressedBytes = uncompressedBytes
        self.checksum = checksum
        self.compressed = compressed
    }
}

/// What the index keeps of a block so queries can skip it without inflating it.
public struct BlockSummary: Sendable, Hashable {
    public var lineCount: UInt32
    public var minTime: Timestamp
    public var maxTime: Timestamp
    /// Lines per severity, indexed by `Severity.rawValue` (always 8 entries).
    public var severityCounts: [UInt32]
    /// Bloom filter of the block's indexable tokens (``Tokenizer``).
    public var tokenFilter: TokenFilter

    public init(lineCount: UInt32, minTime: Timestamp, maxTime: Timestamp, severityCounts: [UInt32], tokenFilter: TokenFilter) {
        self.lineCount = lineCount
        self.minTime = minTime
        self.maxTime = maxTime
        self.severityCounts = severityCounts
        self.tokenFilter = tokenFilter
    }

    /// The worst severity present, nil for an empty block.
    public var worstSeverity: Severity? {
        severityCounts.indices.first { severityCounts[$0] > 0 }.flatMap { Severity(rawValue: UInt8($0)) }
    }

    /// True when at least one line is `level` or worse.
    public func hasLines(atLeast level: Severity) -> Bool {
        severityCounts.prefix(Int(level.rawValue) + 1).contains { $0 > 0 }
    }
}
