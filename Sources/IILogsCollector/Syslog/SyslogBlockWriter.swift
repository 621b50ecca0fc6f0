public import IILogsCore
public import IILogsStore
public import Logging
import IILogsRules
import Synchronization

/// Batches plain-syslog entries per identity and stores each cut block (no dedupe: `stream: nil`).
///
/// Only the batching is serialised (this actor's state is the ``SyslogBatchAccumulator``). A cut block is
/// encoded, stored and fed to the rules on the caller's task — a connection's, or the flush loop's — so
/// several connections encode in parallel and blocks cut together share group commits
/// (docs/adr/009-syslog-ingest-off-one-actor.md). Every method returns once the blocks it cut are stored.
///
/// Each new identity is registered once with `openStream(identity:streamID: 0, at:)`. Blocks are encoded
/// with ``compressionLevel`` (cheap on the collector). Plain syslog has no acks: a store failure is logged
/// and the block's lines are lost.
public actor SyslogBlockWriter {
    /// zlib level for syslog blocks: fast, the collector encodes every line itself.
    public static let compressionLevel: Int32 = 1
    /// Identities remembered as registered before the set is reset (bounds memory under churn).
    public static let maxRegisteredIdentities = 100_000
    /// Blocks of one flush (e.g. every sender's block cut by age at once) stored concurrently at most.
    public static let maxConcurrentBlockWrites = 16

    private var accumulator: SyslogBatchAccumulator
    private let registered = Mutex<Set<InstanceIdentity>>([])
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
    public nonisolated func add(_ entry: SyslogEntry, truncated: Bool) async {
        await add([(entry, truncated)])
    }

    /// Adds the entries of one socket read in order (one actor call for all of them); stores the blocks
    /// that reached the line limit on the caller's task.
    public nonisolated func add(_ entries: [(entry: SyslogEntry, truncated: Bool)]) async {
        await write(await accept(entries))
    }

    /// Stores blocks whose oldest line waited ``SyslogBatchAccumulator/maxAge``.
    public nonisolated func flushDue() async {
        await write(await cutDue())
    }

    /// Stores the pending blocks of `identities` (a TCP connection closed).
    public nonisolated func flush(_ identities: Set<InstanceIdentity>) async {
        await write(await cut(identities))
    }

    /// Stores everything pending (shutdown).
    public nonisolated func flushAll() async {
        await write(await cutAll())
    }

    private func accept(_ entries: [(entry: SyslogEntry, truncated: Bool)]) -> [SyslogBatchAccumulator.Cut] {
        let now = clock.now
        var cuts: [SyslogBatchAccumulator.Cut] = []
        for i in entries.indices {  // by index: `for (entry, truncated) in entries` copied every entry
            counters.syslogMessageReceived(parseFailed: entries[i].entry.parseFailed, truncated: entries[i].truncated)
            if let cut = accumulator.add(entries[i].entry.record, identity: entries[i].entry.identity, at: now) { cuts.append(cut) }
        }
        return cuts
    }

    private func cutDue() -> [SyslogBatchAccumulator.Cut] { accumulator.cutDue(at: clock.now) }
    private func cut(_ identities: Set<InstanceIdentity>) -> [SyslogBatchAccumulator.Cut] { accumulator.cut(identities) }
    private func cutAll() -> [SyslogBatchAccumulator.Cut] { accumulator.cutAll() }

    /// Stores `cuts`, at most ``maxConcurrentBlockWrites`` at a time.
    private nonisolated func write(_ cuts: [SyslogBatchAccumulator.Cut]) async {
        guard cuts.count > 1 else {
            if let cut = cuts.first { await write(cut) }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for (index, cut) in cuts.enumerated() {
                if index >= Self.maxConcurrentBlockWrites { await group.next() }
                group.addTask { await self.write(cut) }
            }
        }
    }

    private nonisolated func write(_ cut: SyslogBatchAccumulator.Cut) async {
        let now = Timestamp.now()
        do {
            if !registered.withLock({ $0.contains(cut.identity) }) {
                // Two blocks of a new sender may both get here: registering twice is harmless.
                _ = try await store.openStream(identity: cut.identity, streamID: 0, at: now)
                registered.withLock { registered in
                    if registered.count >= Self.maxRegisteredIdentities { registered.removeAll() }
                    registered.insert(cut.identity)
                }
            }
            // Many small blocks at level 1: a deflate block per part cost this path ~5 % (ADR 013).
            let block = LogBlockCodec.encode(cut.records, compressionLevel: Self.compressionLevel, deflateBlockPerPart: false)
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
