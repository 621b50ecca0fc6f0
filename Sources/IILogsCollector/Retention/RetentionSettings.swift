public import IILogsCore

/// How long the collector keeps log lines and metric samples (docs/RETENTION.md).
public struct RetentionSettings: Sendable, Hashable {
    /// Data older than this is deleted, except that of quarantined and lost instances; nil keeps everything.
    public var keep: Duration?
    /// How often a retention pass runs (the first one a minute after start).
    public var interval: Duration
    /// Most chunks one write transaction deletes.
    public var maxChunksPerTransaction: Int

    public static let defaultKeep = Duration.seconds(30 * 86_400)
    public static let defaultInterval = Duration.seconds(3600)
    /// Shortest `keep` accepted: a typo like `--retention 30s` must not wipe the store.
    public static let minimumKeep = Duration.seconds(3600)

    public init(keep: Duration? = RetentionSettings.defaultKeep, interval: Duration = RetentionSettings.defaultInterval,
                maxChunksPerTransaction: Int = 2_000) {
        self.keep = keep
        self.interval = interval
        self.maxChunksPerTransaction = maxChunksPerTransaction
    }

    /// Throws naming the first bad key.
    public func validate() throws(SettingsError) {
        if let keep, keep < Self.minimumKeep {
            throw SettingsError(key: "retention", problem: "must be at least 1h (or off), got \(DurationParser.format(keep))")
        }
        if interval < .seconds(1) || interval > .seconds(86_400) {
            throw SettingsError(key: "retentionInterval", problem: "must be between 1s and 24h, got \(DurationParser.format(interval))")
        }
        if maxChunksPerTransaction < 1 {
            throw SettingsError(key: "retentionMaxChunksPerTransaction", problem: "must be at least 1, got \(maxChunksPerTransaction)")
        }
    }
}
