public import IILogsCore
public import IILogsStore

/// How the collector merges small log chunks (docs/adr/015-chunk-compaction.md, docs/RETENTION.md "Compaction").
public struct CompactionSettings: Sendable, Hashable {
    /// Off: chunks stay as the agents' batches made them.
    public var isEnabled: Bool
    /// Time between passes; a chunk is merged only after it has been stored for one whole interval.
    public var interval: Duration
    /// Chunks with fewer lines than this are merged (`--compaction-small-chunk-lines`).
    public var smallChunkLines: Int
    /// Most lines in a merged chunk (`--compaction-target-lines`).
    public var targetLines: Int
    /// Longest time range of a merged chunk (`--compaction-max-span`).
    public var maxSpan: Duration
    /// A template dictionary per image, its chunks stored against it (`--[no-]template-dictionaries`; both stores, ADR 016).
    public var templateDictionaries: Bool

    public static let defaultInterval = Duration.seconds(600)
    /// Largest `targetLines` accepted: a bigger chunk makes every query that touches it decode more.
    public static let maximumTargetLines = 100_000

    public init(isEnabled: Bool = true, interval: Duration = CompactionSettings.defaultInterval,
                smallChunkLines: Int = CompactionPolicy.defaultSmallChunkLines, targetLines: Int = CompactionPolicy.defaultTargetLines,
                maxSpan: Duration = CompactionPolicy.defaultMaxSpan, templateDictionaries: Bool = true) {
        self.isEnabled = isEnabled
        self.interval = interval
        self.smallChunkLines = smallChunkLines
        self.targetLines = targetLines
        self.maxSpan = maxSpan
        self.templateDictionaries = templateDictionaries
    }

    /// Throws naming the first bad key.
    public func validate() throws(SettingsError) {
        if interval < .seconds(1) || interval > .seconds(86_400) {
            throw SettingsError(key: "compactionInterval", problem: "must be between 1s and 24h, got \(DurationParser.format(interval))")
        }
        if !(2...Self.maximumTargetLines).contains(targetLines) {
            throw SettingsError(key: "compactionTargetLines", problem: "must be 2–\(Self.maximumTargetLines), got \(targetLines)")
        }
        if !(2...targetLines).contains(smallChunkLines) {
            throw SettingsError(key: "compactionSmallChunkLines",
                                problem: "must be 2 to compactionTargetLines (\(targetLines)), got \(smallChunkLines)")
        }
        if maxSpan < .seconds(1) || maxSpan > .seconds(86_400) {
            throw SettingsError(key: "compactionMaxSpan", problem: "must be between 1s and 24h, got \(DurationParser.format(maxSpan))")
        }
    }

    /// The policy of a pass over chunks `after...horizon`.
    public func policy(horizon: Int64, after: Int64) -> CompactionPolicy {
        CompactionPolicy(horizon: horizon, after: after, smallChunkLines: smallChunkLines, targetLines: targetLines, maxSpan: maxSpan,
                         templateDictionaries: templateDictionaries)
    }
}
