public import IILogsCore
import Synchronization

/// The collector's own counters: connections, refusals by reason, batches, lines, bytes.
///
/// Shared by every session and read by `GET /v1/stats`; updates are lock-free except refusals.
public final class CollectorCounters: Sendable {
    private let connectionsCurrent = Atomic<Int>(0)
    private let connectionsTotal = Atomic<Int>(0)
    private let batches = Atomic<Int>(0)
    private let duplicateBatches = Atomic<Int>(0)
    private let lines = Atomic<Int>(0)
    private let bytesReceived = Atomic<Int>(0)
    private let refusals = Mutex<[String: Int]>([:])
    private let syslogMessageCount = Atomic<Int>(0)
    private let syslogParseErrorCount = Atomic<Int>(0)
    private let syslogTruncatedCount = Atomic<Int>(0)
    private let syslogLines = Atomic<Int>(0)
    private let throttledBatchCount = Atomic<Int>(0)
    private let throttledNanoseconds = Atomic<Int>(0)
    private let syslogThrottledReadCount = Atomic<Int>(0)
    private let syslogThrottledNanoseconds = Atomic<Int>(0)
    /// How long `store.append` took per batch, from hand-off to durable commit (group-commit wait included).
    public let batchCommit = CommitHistogram()
    /// What the compaction passes did (``CompactionService``).
    public let compaction = CompactionCounters()

    public init() {}

    /// A connection was accepted.
    public func connectionOpened() {
        connectionsCurrent.add(1, ordering: .relaxed)
        connectionsTotal.add(1, ordering: .relaxed)
    }

    /// A connection ended.
    public func connectionClosed() {
        connectionsCurrent.subtract(1, ordering: .relaxed)
    }

    /// A refusal was sent (or would have been, had the peer stayed).
    public func refused(_ code: RefusalCode) {
        refused(reason: code.name)
    }

    /// A connection was refused before the iilogs protocol began (e.g. `tls_handshake`); `reason` is the counter's label.
    public func refused(reason: String) {
        refusals.withLock { $0[reason, default: 0] += 1 }
    }

    /// A batch was stored (`duplicate` when it was already stored) with `lineCount` log lines.
    public func batchStored(lineCount: Int, duplicate: Bool) {
        if duplicate {
            duplicateBatches.add(1, ordering: .relaxed)
        } else {
            batches.add(1, ordering: .relaxed)
            lines.add(lineCount, ordering: .relaxed)
        }
    }

    /// Bytes read from agent sockets.
    public func received(bytes: Int) {
        bytesReceived.add(bytes, ordering: .relaxed)
    }

    /// Plain-syslog lines durably stored (they are counted in ``Snapshot/lines`` too).
    public func syslogLinesStored(_ count: Int) {
        syslogLines.add(count, ordering: .relaxed)
    }

    /// A plain-syslog message was received (stored whether or not it parsed).
    public func syslogMessageReceived(parseFailed: Bool, truncated: Bool) {
        syslogMessageCount.add(1, ordering: .relaxed)
        if parseFailed { syslogParseErrorCount.add(1, ordering: .relaxed) }
        if truncated { syslogTruncatedCount.add(1, ordering: .relaxed) }
    }

    /// A batch waited `delay` because its instance was over `maxRecordsPerSecondPerInstance`.
    public func batchThrottled(for delay: Duration) {
        throttledBatchCount.add(1, ordering: .relaxed)
        throttledNanoseconds.add(Int(delay.components.seconds) * 1_000_000_000 + Int(delay.components.attoseconds / 1_000_000_000),
                                 ordering: .relaxed)
    }

    /// A plain-syslog TCP or TLS connection's reads paused for `delay` because its sender was over
    /// `syslogMaxRecordsPerSecondPerSender` (its lines are stored after the pause, not dropped).
    public func syslogReadThrottled(for delay: Duration) {
        syslogThrottledReadCount.add(1, ordering: .relaxed)
        syslogThrottledNanoseconds.add(Int(delay.components.seconds) * 1_000_000_000 + Int(delay.components.attoseconds / 1_000_000_000),
                                       ordering: .relaxed)
    }

    /// Open connections right now.
    public var currentConnections: Int { connectionsCurrent.load(ordering: .relaxed) }

    /// A consistent-enough copy of every counter.
    public func snapshot() -> Snapshot {
        Snapshot(
            connectionsCurrent: connectionsCurrent.load(ordering: .relaxed),
            connectionsTotal: connectionsTotal.load(ordering: .relaxed),
            refusals: refusals.withLock { $0 },
            batches: batches.load(ordering: .relaxed),
            duplicateBatches: duplicateBatches.load(ordering: .relaxed),
            lines: lines.load(ordering: .relaxed),
            bytesReceived: bytesReceived.load(ordering: .relaxed),
            syslogMessages: syslogMessageCount.load(ordering: .relaxed),
            syslogParseErrors: syslogParseErrorCount.load(ordering: .relaxed),
            syslogTruncated: syslogTruncatedCount.load(ordering: .relaxed),
            syslogLines: syslogLines.load(ordering: .relaxed),
            throttledBatches: throttledBatchCount.load(ordering: .relaxed),
            throttledMilliseconds: throttledNanoseconds.load(ordering: .relaxed) / 1_000_000,
            syslogThrottledReads: syslogThrottledReadCount.load(ordering: .relaxed),
            syslogThrottledMilliseconds: syslogThrottledNanoseconds.load(ordering: .relaxed) / 1_000_000)
    }

    /// The counters as `GET /v1/stats` returns them.
    public struct Snapshot: Sendable, Hashable, Codable {
        public var connectionsCurrent: Int
        public var connectionsTotal: Int
        /// Refusals by ``RefusalCode/name`` (`bad_token`, `wrong_instance`, …).
        public var refusals: [String: Int]
        /// Batches stored (duplicates excluded).
        public var batches: Int
        /// Batches that were already stored (acknowledged again, stored once).
        public var duplicateBatches: Int
        /// Log lines in stored batches.
        public var lines: Int
        public var bytesReceived: Int
        /// Plain-syslog messages received (TCP and UDP), parsed or not.
        public var syslogMessages: Int = 0
        /// Plain-syslog messages that did not parse (stored raw with field `syslog_error`).
        public var syslogParseErrors: Int = 0
        /// Plain-syslog messages cut at `syslogMaxMessageBytes` (stored with field `truncated=true`).
        public var syslogTruncated: Int = 0
        /// Plain-syslog lines durably stored (included in ``lines``).
        public var syslogLines: Int = 0
        /// Batches held back because their instance was over its records-per-second limit (stored later, not dropped).
        public var throttledBatches: Int = 0
        /// Total time those batches waited.
        public var throttledMilliseconds: Int = 0
        /// Plain-syslog TCP/TLS reads paused because their sender was over its records-per-second limit.
        public var syslogThrottledReads: Int = 0
        /// Total time those reads were paused.
        public var syslogThrottledMilliseconds: Int = 0

        enum CodingKeys: String, CodingKey {
            case connectionsCurrent, connectionsTotal, refusals, batches, duplicateBatches, lines, bytesReceived
            case syslogMessages, syslogParseErrors, syslogTruncated, syslogLines, throttledBatches, throttledMilliseconds
            case syslogThrottledReads, syslogThrottledMilliseconds
        }

        public init(connectionsCurrent: Int, connectionsTotal: Int, refusals: [String: Int], batches: Int, duplicateBatches: Int,
                    lines: Int, bytesReceived: Int, syslogMessages: Int = 0, syslogParseErrors: Int = 0, syslogTruncated: Int = 0,
                    syslogLines: Int = 0, throttledBatches: Int = 0, throttledMilliseconds: Int = 0,
                    syslogThrottledReads: Int = 0, syslogThrottledMilliseconds: Int = 0) {
            self.connectionsCurrent = connectionsCurrent
            self.connectionsTotal = connectionsTotal
            self.refusals = refusals
            self.batches = batches
            self.duplicateBatches = duplicateBatches
            self.lines = lines
            self.bytesReceived = bytesReceived
            self.syslogMessages = syslogMessages
            self.syslogParseErrors = syslogParseErrors
            self.syslogTruncated = syslogTruncated
            self.syslogLines = syslogLines
            self.throttledBatches = throttledBatches
            self.throttledMilliseconds = throttledMilliseconds
            self.syslogThrottledReads = syslogThrottledReads
            self.syslogThrottledMilliseconds = syslogThrottledMilliseconds
        }

        /// Decodes stats from collectors that predate the syslog counters (missing keys read as 0).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            connectionsCurrent = try c.decode(Int.self, forKey: .connectionsCurrent)
            connectionsTotal = try c.decode(Int.self, forKey: .connectionsTotal)
            refusals = try c.decode([String: Int].self, forKey: .refusals)
            batches = try c.decode(Int.self, forKey: .batches)
            duplicateBatches = try c.decode(Int.self, forKey: .duplicateBatches)
            lines = try c.decode(Int.self, forKey: .lines)
            bytesReceived = try c.decode(Int.self, forKey: .bytesReceived)
            syslogMessages = try c.decodeIfPresent(Int.self, forKey: .syslogMessages) ?? 0
            syslogParseErrors = try c.decodeIfPresent(Int.self, forKey: .syslogParseErrors) ?? 0
            syslogTruncated = try c.decodeIfPresent(Int.self, forKey: .syslogTruncated) ?? 0
            syslogLines = try c.decodeIfPresent(Int.self, forKey: .syslogLines) ?? 0
            throttledBatches = try c.decodeIfPresent(Int.self, forKey: .throttledBatches) ?? 0
            throttledMilliseconds = try c.decodeIfPresent(Int.self, forKey: .throttledMilliseconds) ?? 0
            syslogThrottledReads = try c.decodeIfPresent(Int.self, forKey: .syslogThrottledReads) ?? 0
            syslogThrottledMilliseconds = try c.decodeIfPresent(Int.self, forKey: .syslogThrottledMilliseconds) ?? 0
        }
    }
}
