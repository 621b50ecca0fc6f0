public import IILogsCore

/// Which log lines to return. Results are always in time order (oldest first).
public struct LogQuery: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        case instance(String)
        case image(String)
        case all
    }

    /// Which end of the time range `limit` keeps.
    public enum Keep: Sendable, Hashable {
        /// The newest `limit` lines (what `tail` and post-mortems want). The default.
        case newest
        /// The oldest `limit` lines.
        case oldest
    }

    public var scope: Scope
    /// Inclusive lower bound.
    public var since: Timestamp?
    /// Exclusive upper bound.
    public var until: Timestamp?
    /// Keep lines of this severity and worse.
    public var minSeverity: Severity?
    /// Exact app name.
    public var app: String?
    /// Case-insensitive phrase matched on token boundaries (docs/QUERY.md); prunes chunks by token filter.
    public var grep: String?
    /// Case-sensitive plain substring; no pruning beyond time and severity.
    public var contains: String?
    /// 0 means no limit.
    public var limit: Int
    public var keep: Keep

    public init(scope: Scope, since: Timestamp? = nil, until: Timestamp? = nil, minSeverity: Severity? = nil,
                app: String? = nil, grep: String? = nil, contains: String? = nil, limit: Int = 1000, keep: Keep = .newest) {
        self.scope = scope
        self.since = since
        self.until = until
        self.minSeverity = minSeverity
        self.app = app
        self.grep = grep
        self.contains = contains
        self.limit = limit
        self.keep = keep
    }
}

/// One line as a query returns it, with the identity of its instance.
public struct StoredLogLine: Sendable, Hashable {
    public var instanceID: String
    public var imageVersion: String
    public var record: LogRecord

    public init(instanceID: String, imageVersion: String, record: LogRecord) {
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.record = record
    }
}

public struct LogQueryResult: Sendable {
    public var lines: [StoredLogLine]
    public var stats: QueryStats

    public init(lines: [StoredLogLine], stats: QueryStats) {
        self.lines = lines
        self.stats = stats
    }
}

/// How much work a query did: for `--explain`, benchmarks and pruning tests.
public struct QueryStats: Sendable, Hashable, Codable {
    /// Index rows matched by scope and time range.
    public var chunksConsidered = 0
    /// Skipped by severity summary.
    public var chunksSkippedBySeverity = 0
    /// Skipped by token filter.
    public var chunksSkippedByFilter = 0
    /// Inflated and scanned.
    public var chunksDecoded = 0
    /// Failed checksum or decoding: skipped and counted, never fatal.
    public var chunksCorrupt = 0
    /// Bytes inflated from the chunks decoded (version-2 message sections a grep left compressed not included).
    public var bytesDecoded = 0
    /// Version-2 message sections left compressed: their token filter lacked the grep's tokens.
    public var messageSectionsSkipped = 0
    public var linesScanned = 0

    public init() {}

    /// Counts `row`'s chunk as decoded, its lines as scanned, and what reading it inflated and skipped.
    package mutating func countDecoded(_ row: ChunkIndexRow, read: LogBlockReadStats) {
        chunksDecoded += 1
        bytesDecoded += read.bytesInflated
        messageSectionsSkipped += read.sectionsSkipped
        linesScanned += Int(row.lineCount)
    }
}
