public import IILogsCore
public import IILogsStore
public import Logging
import IILogsRules

/// Batches plain-syslog entries per identity and stores each cut block (no dedupe: `stream: nil`).
///
/// Each new identity is registered once with `openStream(identity:streamID: 0, at:)`. Blocks are encoded
/// with ``compressionLevel`` (cheap on the collector). Plain syslog has no acks: a store failure is logged
/// and the block's lines are lost.
public actor SyslogBlockWriter {
    /// zlib level for syslog blocks: fast, the collector encodes every line itself.
    public static let compressionLevel: Int32 = 1
    /// Identities remembered as registered before the set is reset (bounds memory under churn).
    public static let maxRegisteredIdentities = 100_000

    private var accumulator: SyslogBatchAccumulator
    private var registered: Set<InstanceIdentity> = []
    private let store: any LogStore
    private let counters: CollectorCounters
    private let logger: Logger
    private let clock = ContinuousClock()
    /// Fed each block once stored (nil = rules off).
    private let evaluator: RuleEvaluator?
    /// This collector's ``CollectorID``, stored with every block (``IngestBatch/receivedBy``).
    private let collectorID: String

    public init(store: any LogStore, counters: CollectorCounters, logger: Logger,
                accumulator: SyslogBatchAccumulator = SyslogBatchAccumulator(), evaluator: RuleEvaluator? = nil,
                collectorID: String = "") {
        self.evaluator = evaluator
        self.collectorID = collectorID
        self.store = store
        self.counters = counters
        self.logger = logger
        self.accumulator = accumulator
    }

    /// Adds one entry; stores its identity's block when it reached the line limit.
    public func add(_ entry: SyslogEntry, truncated: Bool) async {
        counters.syslogMessageReceived(parseFailed: entry.parseFailed, truncated: truncated)
        if let cut = accumulator.add(entry.record, identity: entry.identity, at: clock.now) {
            await write(cut)
        }
    }

    /// Adds the entries of one socket read in order (one actor call for all of them).
    public func add(_ entries: [(entry: SyslogEntry, truncated: Bool)]) async {
        for (entry, truncated) in entries { await add(entry, truncated: truncated) }
    }

    /// Stores blocks whose oldest line waited ``SyslogBatchAccumulator/maxAge``.
    public func flushDue() async {
        for cut in accumulator.cutDue(at: clock.now) { await write(cut) }
    }

    /// Stores the pending blocks of `identities` (a TCP connection closed).
    public func flush(_ identities: Set<InstanceIdentity>) async {
        for cut in accumulator.cut(identities) { await write(cut) }
    }

    /// Stores everything pending (shutdown).
    public func flushAll() async {
        for cut in accumulator.cutAll() { await write(cut) }
    }

    private func write(_ cut: SyslogBatchAccumulator.Cut) async {
        let now = Timestamp.now()
        do {
            if !registered.contains(cut.identity) {
                _ = try await store.openStream(identity: cut.identity, streamID: 0, at: now)
                if registered.count >= Self.maxRegisteredIdentities { registered.removeAll() }
                registered.insert(cut.identity)
            }
            let block = LogBlockCodec.encode(cut.records, compressionLevel: Self.compressionLevel)
            let started = ContinuousClock.now
            let outcome = try await store.append(IngestBatch(identity: cut.identity, stream: nil, receivedAt: now, logs: block,
                                                                receivedBy: collectorID))
            counters.batchCommit.observe(ContinuousClock.now - started)
            counters.batchStored(lineCount: cut.records.count, duplicate: outcome == .duplicate)
            counters.syslogLinesStored(cut.records.count)
            if let evaluator {
                // The lines are at hand: no need to decode the block again. Evidence: (0, index in the block).
                await evaluator.observe(cut.identity, scanned: evaluator.scan(lines: cut.records))
            }
        } catch {
            logger.error("cannot store syslog block; its lines are lost", metadata: [
                "instance": "\(cut.identity.instanceID)", "lines": "\(cut.records.count)", "error": "\(error)"])
        }
    }
}
