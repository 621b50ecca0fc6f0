public import IILogsCore
public import IILogsStore
public import Logging
public import ServiceLifecycle

/// Merges small log chunks (``CompactionSettings``): every `interval`, the chunks stored before the previous
/// pass are merged per instance (``ChunkCompacting/compactChunks(_:)``). Both stores compact; several collectors
/// sharing a PostgreSQL database may run passes at once (each run is merged by one of them).
public actor CompactionService: Service {
    public nonisolated let settings: CompactionSettings
    public nonisolated let store: any LogStore
    public nonisolated let logger: Logger
    public nonisolated let counters: CompactionCounters
    /// The store's commit position at the last pass (``ChunkCompacting/compactionHorizon()``): the next pass's horizon.
    private var horizon: Int64?
    /// The horizon of the last pass that completed: instances with small chunks above it are examined next.
    private var examinedUpTo: Int64 = 0

    public init(settings: CompactionSettings, store: any LogStore, logger: Logger, counters: CompactionCounters = CompactionCounters()) {
        self.settings = settings
        self.store = store
        self.logger = logger
        self.counters = counters
    }

    /// Off, or on a store that cannot compact, it waits for shutdown: a service that returns early would end
    /// the collector's group.
    public func run() async throws {
        guard settings.isEnabled, store is any ChunkCompacting else {
            if settings.isEnabled { logger.notice("this store cannot merge small chunks: compaction is off") }
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            _ = await pass()
            let slept: Void? = try? await cancelWhenGracefulShutdown { [interval = settings.interval] in try await Task.sleep(for: interval) }
            guard slept != nil, !Task.isShuttingDownGracefully else { return }
        }
    }

    /// One pass: merges what was stored before the previous pass, then remembers today's newest chunk for the
    /// next. Nil when the store cannot compact or failed (logged), and on the first pass (nothing is old enough yet).
    @discardableResult
    public func pass() async -> CompactionOutcome? {
        guard let compacting = store as? any ChunkCompacting else { return nil }
        do {
            let newest = try await compacting.compactionHorizon()
            defer { horizon = newest }
            guard let horizon else { return nil }
            guard horizon > examinedUpTo else {  // nothing stored since the last pass
                counters.passed(CompactionOutcome())
                return CompactionOutcome()
            }
            let started = ContinuousClock.now
            let outcome = try await compacting.compactChunks(settings.policy(horizon: horizon, after: examinedUpTo))
            if !Task.isCancelled { examinedUpTo = horizon }
            counters.passed(outcome)
            let level: Logger.Level = outcome.chunksWritten + outcome.chunksRecoded + outcome.dictionariesBuilt > 0 ? .info : .debug
            logger.log(level: level, "compaction pass", metadata: [
                "merged_chunks": "\(outcome.chunksMerged)", "written_chunks": "\(outcome.chunksWritten)",
                "recoded_chunks": "\(outcome.chunksRecoded)", "dictionaries_built": "\(outcome.dictionariesBuilt)",
                "lines": "\(outcome.linesRewritten)", "bytes_before": "\(outcome.bytesBefore)", "bytes_after": "\(outcome.bytesAfter)",
                "corrupt_skipped": "\(outcome.corruptChunksSkipped)", "instances": "\(outcome.instancesExamined)",
                "seconds": "\(Double((ContinuousClock.now - started).totalNanoseconds) / 1e9)",
            ])
            return outcome
        } catch {
            counters.failed()
            logger.error("compaction pass failed; the next one retries", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
