import IILogsCore
public import Logging

/// The agent's durable, bounded, append-only queue of encoded batches between the batcher and the shipper.
///
/// # Design (after Vector's `disk_v2/mod.rs`)
///
/// Files in the spool directory:
/// ```
/// ledger                     SpoolLedger: stream ID, next/acked sequence, dropped records,
///                            checkpoints per source, last boot ID, clean-stop flag
/// segment-0000000000000001   entries, appended only, each framed length · crc32c · body (SpoolEntry)
/// segment-0000000000000002   …a new segment starts once the current one reaches `segmentBytes`
/// segment-…corrupt           a segment that failed its checksum, moved aside for inspection
/// ```
/// Invariants:
/// 1. **Sequential appends, one per batch, fsynced.** An entry is durable before ``append`` returns,
///    so whatever the batcher spooled (and the checkpoints it covers) survives a crash.
/// 2. **Every entry is checksummed** (CRC-32C over its body). Recovery trusts nothing else.
/// 3. **Sequences** start at 1 and grow by one per entry within a stream; the stream ID is random
///    and made once, so (instance, stream, sequence) names a batch for the collector's dedupe.
/// 4. **Deletion is by whole segment**, once every entry in it is acknowledged. Nothing is ever
///    rewritten in place, so a crash mid-delete leaves at most an acknowledged segment behind,
///    which recovery recognises (sequence ≤ the ledger's acked sequence) and the collector dedupes.
/// 5. **The ledger is rewritten atomically** (temporary file, fsync, rename, directory fsync) when
///    segments are deleted or dropped, on boot ID changes and at open/close. It is not written per
///    append or per ack: the next sequence is recovered from the segments, and a stale acked sequence
///    only re-sends entries the collector already has (the welcome's `lastStoredSequence` skips them).
/// 6. **Checkpoints never go backwards.** Each entry carries the newest checkpoint per source it
///    covers; the ledger keeps the newest per source, written before any segment is deleted, so
///    acknowledged-and-deleted entries do not lose them. On open: ledger first, entries overlaid in order.
/// 7. **Bounded size, drops counted.** When an append would exceed `maxBytes`, the oldest whole
///    segments are deleted even if unacknowledged; their unacknowledged records are added to
///    `droppedRecords` (reason `spool_full`), which every later batch carries. Entries already handed
///    to the shipper may still be stored by the collector: they are counted once an ack or the next
///    welcome's `lastStoredSequence` (``settleDropsInFlight(lastStoredSequence:)``) says they were not. A failed append adds its
///    records too (reason `write_error`).
/// 8. **Recovery never refuses to start.** A torn tail (a frame cut short) of the newest segment is
///    truncated at the last good entry; a complete frame with a bad checksum or impossible length, or a
///    frame cut short in an older segment (which no crash can tear), moves the segment aside as
///    `*.corrupt` and keeps its valid prefix; an unreadable ledger starts a new stream. Each case is
///    logged, counted in ``recoveryReport`` and reported to the collector in the `agent-recovered` event.
public actor Spool: CheckpointStore {
    /// Sizes and places of the spool.
    public struct Options: Sendable, Hashable {
        /// Folder holding the ledger and segments.
        public var directory: String
        /// Upper bound of all segment files together.
        public var maxBytes: Int
        /// A segment is closed for appends once it reaches this size.
        public var segmentBytes: Int
        /// Largest single entry; longer frame lengths are treated as corruption on recovery.
        public var maxEntryBytes: Int

        /// Creates options; `maxEntryBytes` defaults to `maxBytes`.
        public init(directory: String, maxBytes: Int = 256 << 20, segmentBytes: Int = 8 << 20, maxEntryBytes: Int? = nil) {
            self.directory = directory
            self.maxBytes = maxBytes
            self.segmentBytes = segmentBytes
            self.maxEntryBytes = maxEntryBytes ?? maxBytes
        }
    }

    /// What recovery found when the spool was opened.
    public struct RecoveryReport: Sendable, Hashable {
        /// Segments whose unfinished last frame was truncated away.
        public var tornTails = 0
        /// Segments moved aside as `*.corrupt` (their valid prefix kept).
        public var corruptSegments = 0
        /// True when the ledger was missing (a new spool) or unreadable (a new stream).
        public var newStream = false
        /// Entries found in segments.
        public var entries = 0
        /// Bytes cut off as torn tails or left out of moved-aside segments (their entries are not shipped).
        public var bytesSetAside = 0

        /// True when a segment had to be repaired (torn tail cut or corrupt segment moved aside).
        public var repairedSegments: Bool { tornTails > 0 || corruptSegments > 0 }

        /// One line for logs and the `agent_recovered` event: what was repaired, or nil when nothing was.
        public var summary: String? {
            guard repairedSegments else { return nil }
            return "spool repaired: \(corruptSegments) corrupt segments moved aside, \(tornTails) torn tails cut, "
                + "\(bytesSetAside) bytes not shipped"
        }
    }

    struct IndexedEntry: Sendable {
        var sequence: UInt64
        var recordCount: UInt32
        var offset: Int
        var length: Int
        var acknowledged: Bool
    }

    struct Segment: Sendable {
        var id: UInt64
        var path: String
        var size: Int
        var entries: [IndexedEntry]
        var isFullyAcknowledged: Bool { entries.allSatisfy(\.acknowledged) }
    }

    struct Waiter {
        enum Kind { case appendedAfter(UInt64), acknowledgedThrough(UInt64) }
        var kind: Kind
        var continuation: CheckedContinuation<Void, Never>
    }

    let options: Options
    let fileSystem: any SpoolFileSystem
    let logger: Logger
    var ledger: SpoolLedger
    var segments: [Segment]
    var waiters: [UInt64: Waiter] = [:]
    var nextWaiterID: UInt64 = 0
    var closed = false
    /// Records dropped since this open, by reason (`spool_full`, `write_error`, `entry_too_large`, `corrupt`): `agent.dropped`.
    public internal(set) var droppedSinceOpen: [String: UInt64] = [:]
    /// The highest segment ID ever used, so a new segment never reuses a deleted one's name.
    var lastSegmentIDHint: UInt64 = 0
    /// The highest sequence ``entries(after:limit:)`` has handed to the shipper.
    var handedOutSequence: UInt64 = 0
    /// Records of entries dropped (spool full) after they were handed to the shipper, by sequence: the
    /// collector may still store them, so they count as dropped only once it is known that it did not.
    var droppedInFlight: [UInt64: UInt32] = [:]

    /// True when the previous run stopped cleanly (drained and closed with `cleanStop: true`).
    public nonisolated let previousRunEndedCleanly: Bool
    /// What recovery found at open.
    public nonisolated let recoveryReport: RecoveryReport

    /// Opens (creating or recovering) the spool in `options.directory`.
    ///
    /// Marks the run as not yet cleanly stopped in the ledger, so a crash is visible on the next open.
    public init(options: Options, fileSystem: any SpoolFileSystem = PosixSpoolFileSystem(), logger: Logger,
                makeStreamID: @Sendable () -> UInt64 = { UInt64.random(in: 1...UInt64.max) }) throws(SpoolError) {
        let recovered = try Self.recover(options: options, fileSystem: fileSystem, logger: logger, makeStreamID: makeStreamID)
        self.options = options
        self.fileSystem = fileSystem
        self.logger = logger
        self.previousRunEndedCleanly = recovered.ledger.cleanStop && !recovered.report.newStream
        self.recoveryReport = recovered.report
        var ledger = recovered.ledger
        ledger.cleanStop = false
        try fileSystem.writeAtomically(ledger.encoded(), to: options.directory + "/" + Self.ledgerName)
        for path in recovered.leftovers { try fileSystem.remove(path) }
        self.ledger = ledger
        self.segments = recovered.segments
        self.lastSegmentIDHint = recovered.segments.last?.id ?? recovered.highestSegmentID
    }

    static let ledgerName = "ledger"
    static let segmentPrefix = "segment-"

    static func segmentName(_ id: UInt64) -> String {
        let hex = String(id, radix: 16)
        return segmentPrefix + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// The random ID of this spool's stream.
    public var streamID: UInt64 { ledger.streamID }
    /// The sequence of the newest entry (0 when none was ever appended).
    public var lastSequence: UInt64 { ledger.nextSequence - 1 }
    /// Every entry up to this sequence is acknowledged or gone.
    public var acknowledgedSequence: UInt64 { ledger.ackedSequence }
    /// Records dropped unacknowledged since the stream began.
    public var droppedRecords: UInt64 { ledger.droppedRecords }
    /// The boot ID recorded by ``recordBootID(_:)`` on a previous run (or this one).
    public var lastBootID: String { ledger.lastBootID }
    /// Bytes of all segment files.
    public var totalBytes: Int { segments.reduce(0) { $0 + $1.size } }
    /// Number of segment files.
    public var segmentCount: Int { segments.count }
    /// Entries not yet acknowledged.
    public var unacknowledgedEntries: Int {
        segments.reduce(0) { $0 + $1.entries.count { !$0.acknowledged } }
    }

    /// The newest spooled checkpoint of `sourceKey`.
    public func checkpoint(for sourceKey: String) async -> [UInt8]? { ledger.checkpoints[sourceKey] }

    /// Remembers the kernel boot ID of this run (lifecycle compares it on the next start).
    public func recordBootID(_ bootID: String) throws(SpoolError) {
        guard bootID != ledger.lastBootID else { return }
        ledger.lastBootID = bootID
        try writeLedger()
    }

    /// Closes the spool at the end of a run: a clean stop when every entry was acknowledged.
    public func closeAfterDrain() throws(SpoolError) {
        try close(cleanStop: unacknowledgedEntries == 0)
    }

    /// Writes the ledger a last time; `cleanStop` records that everything was drained.
    public func close(cleanStop: Bool) throws(SpoolError) {
        guard !closed else { return }
        countDroppedInFlight(where: { _ in true })  // their fate is unknown now: counted, never hidden
        ledger.cleanStop = cleanStop
        try writeLedger()
        closed = true
        for (_, waiter) in waiters { waiter.continuation.resume() }
        waiters.removeAll()
    }

    func writeLedger() throws(SpoolError) {
        try fileSystem.writeAtomically(ledger.encoded(), to: options.directory + "/" + Self.ledgerName)
    }
}
