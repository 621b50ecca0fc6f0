public import IILogsCore

/// Where sources hand their records: the agent's batcher, which spools them.
///
/// A source that can resume (a tailed file, journald) passes a checkpoint with each record; the
/// batcher writes the newest checkpoint per source into the same spool entry as the records it
/// covers, so a restart resumes exactly after what is already spooled (no loss, no repeat).
public protocol RecordSink: Sendable {
    /// Accepts a record; suspends when the batcher's buffer is full (backpressure).
    func submit(_ record: Record, checkpoint: SourceCheckpoint?) async
}

/// A source's resume position, opaque to everyone but the source.
public struct SourceCheckpoint: Sendable, Hashable {
    /// Stable key of the source, e.g. `file:/var/log/app.log`.
    public var sourceKey: String
    public var position: [UInt8]

    public init(sourceKey: String, position: [UInt8]) {
        self.sourceKey = sourceKey
        self.position = position
    }
}

/// Read access to the checkpoints already durable in the spool, for sources starting up.
public protocol CheckpointStore: Sendable {
    /// The newest spooled checkpoint of `sourceKey`, nil when the source was never seen.
    func checkpoint(for sourceKey: String) async -> [UInt8]?
}
