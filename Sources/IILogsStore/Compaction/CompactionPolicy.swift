public import IILogsCore

/// What one compaction pass merges (docs/adr/015-chunk-compaction.md).
///
/// An agent cuts a batch every `batch.flushInterval`, so a quiet instance sends a few lines a second and
/// every batch becomes a chunk of its own: each small chunk pays its own templates, dictionary, token filter
/// and index row. A pass decodes runs of an instance's small chunks and stores each run as one chunk.
public struct CompactionPolicy: Sendable, Hashable {
    /// Only chunks at or below this position in commit order are touched (``ChunkCompacting/compactionHorizon()``
    /// at the previous pass: SQLite's chunk id, PostgreSQL's transaction id), so a chunk is merged only once it
    /// has been stored for a whole pass interval. Live tails, which follow that order (ADR 005), have read it by
    /// then; the merged chunk takes the largest position of its run, so a tail never sees its lines again.
    public var horizon: Int64
    /// Instances examined: those with a small chunk above this position and at or below `horizon` (the pass
    /// before's horizon; 0 examines every instance).
    public var after: Int64
    /// Chunks with fewer lines than this are merged.
    public var smallChunkLines: Int
    /// Most lines in a merged chunk.
    public var targetLines: Int
    /// Most inflated bytes in a merged chunk (the sum of its sources' inflated sizes).
    public var targetUncompressedBytes: Int
    /// Longest time range (oldest to newest line) of a merged chunk, so a query for an hour still skips
    /// the chunks of other hours.
    public var maxSpan: Duration
    /// zlib level of the merged chunks.
    public var compressionLevel: Int32
    /// Builds a template dictionary per image and stores its chunks against it (block format 6, ADR 016; SQLite).
    public var templateDictionaries: Bool

    /// An image gets its dictionary once this many of its chunks are at or below the horizon.
    public static let dictionaryMinChunks = 16
    /// Chunks a dictionary is built from: the image's newest at or below the horizon (mostly one per instance).
    public static let dictionarySampleChunks = 64
    /// A template goes into the dictionary when at least this many of the sampled chunks hold it.
    public static let dictionaryMinChunksPerTemplate = 2

    public static let defaultSmallChunkLines = 1_000
    public static let defaultTargetLines = 4_000
    public static let defaultTargetUncompressedBytes = 4 << 20
    public static let defaultMaxSpan = Duration.seconds(3600)

    public init(horizon: Int64, after: Int64 = 0, smallChunkLines: Int = CompactionPolicy.defaultSmallChunkLines,
                targetLines: Int = CompactionPolicy.defaultTargetLines,
                targetUncompressedBytes: Int = CompactionPolicy.defaultTargetUncompressedBytes,
                maxSpan: Duration = CompactionPolicy.defaultMaxSpan,
                compressionLevel: Int32 = LogBlockCodec.defaultCompressionLevel, templateDictionaries: Bool = true) {
        self.horizon = horizon
        self.after = after
        self.smallChunkLines = smallChunkLines
        self.targetLines = targetLines
        self.targetUncompressedBytes = targetUncompressedBytes
        self.maxSpan = maxSpan
        self.compressionLevel = compressionLevel
        self.templateDictionaries = templateDictionaries
    }
}

/// What a compaction pass did.
public struct CompactionOutcome: Sendable, Hashable {
    /// Instances whose small chunks were looked at.
    public var instancesExamined = 0
    /// Chunks written, each replacing a run of small ones.
    public var chunksWritten = 0
    /// Small chunks those replaced.
    public var chunksMerged = 0
    /// Lines decoded and encoded again.
    public var linesRewritten = 0
    /// Compressed bytes (blob and token filter) of the merged chunks before, and of their replacements.
    public var bytesBefore = 0
    public var bytesAfter = 0
    /// Chunks left alone because they failed to decode (queries skip and count them as well).
    public var corruptChunksSkipped = 0
    /// Runs not written because one of their chunks changed or went (retention) while they were merged.
    public var runsChanged = 0
    /// Template dictionaries built (one per image, ADR 016).
    public var dictionariesBuilt = 0
    /// Chunks encoded again alone, against their image's template dictionary (their lines count in `linesRewritten`,
    /// their bytes in `bytesBefore` and `bytesAfter`).
    public var chunksRecoded = 0

    public init() {}
}

/// A store that can merge small log chunks (both stores).
public protocol ChunkCompacting: Sendable {
    /// The newest position in commit order whose chunks are all stored and visible (SQLite: the newest chunk id;
    /// PostgreSQL: below the oldest transaction still running), 0 when there is no chunk: the next pass's
    /// ``CompactionPolicy/horizon``.
    func compactionHorizon() async throws(StoreError) -> Int64
    /// Merges runs of small chunks per ``CompactionPolicy``, one write transaction per merged chunk.
    func compactChunks(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome
}
