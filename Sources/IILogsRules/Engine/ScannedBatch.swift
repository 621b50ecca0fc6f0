public import IILogsCore

/// One instance's batch as the rules need it (``LogBlockScanner/scan(logs:events:metrics:source:)``): the log
/// block's tallies, and only the lines some log rule may match, merged in time order with the events and samples.
public struct ScannedBatch: Sendable {
    /// What the whole log block adds to the instance's health tallies; nil when the batch has no block.
    public struct BlockTally: Sendable, Hashable {
        public var lineCount: Int
        /// Lines at `error` or worse.
        public var errorLines: Int
        /// Times of the error lines, for sibling-outlier rates; empty when no rule needs them.
        public var errorTimes: [Int64]
        /// The newest line's time, for "heard from" (heartbeat) state.
        public var newestTime: Timestamp
        /// Whether the block was inflated (false: its summary ruled every line out).
        public var inflated: Bool
        /// Why the block could not be read (its lines were then not matched); nil normally.
        public var unreadable: LogBlockError?
    }

    public var tally: BlockTally?
    /// Candidate lines, events and samples, in time order (stable: lines, then events, then samples).
    public var records: [Record]
    /// The evidence reference of each of `records`.
    public var refs: [EvidenceRef]
    /// The reference standing for the block's newest line (the agent sequence and the last line's offset).
    public var newestLineRef: EvidenceRef
}
