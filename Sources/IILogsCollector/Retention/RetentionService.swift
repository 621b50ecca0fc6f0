public import IILogsCore
public import IILogsStore
public import Logging
public import ServiceLifecycle

/// Applies ``RetentionSettings`` to the store: one pass a minute after start, then every `interval`.
///
/// Each pass deletes the log and metric chunks older than `keep`, except those of pinned (quarantined or
/// lost) instances (``RetentionPin``), in bounded write transactions so ingest keeps flowing.
public struct RetentionService: Service {
    public let settings: RetentionSettings
    public let store: any LogStore
    public let lostAfter: Duration
    public let logger: Logger
    /// Wait before the first pass.
    public var firstPassDelay: Duration = .seconds(60)

    public init(settings: RetentionSettings, store: any LogStore, lostAfter: Duration, logger: Logger) {
        self.settings = settings
        self.store = store
        self.lostAfter = lostAfter
        self.logger = logger
    }

    /// With retention off it waits for shutdown: a service that returns early would end the collector's group.
    public func run() async throws {
        guard settings.keep != nil else {
            try? await gracefulShutdown()
            return
        }
        var wait = firstPassDelay
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let slept: Void? = try? await cancelWhenGracefulShutdown { [wait] in try await Task.sleep(for: wait) }
            guard slept != nil, !Task.isShuttingDownGracefully else { return }
            _ = await pass(now: .now())
            wait = settings.interval
        }
    }

    /// One retention pass at `now`; nil when retention is off or the store failed (logged).
    public func pass(now: Timestamp) async -> RetentionOutcome? {
        guard let keep = settings.keep else { return nil }
        let policy = RetentionPolicy(cutoff: now.adding(nanoseconds: -keep.totalNanoseconds), now: now, lostAfter: lostAfter,
                                     maxChunksPerTransaction: settings.maxChunksPerTransaction)
        do {
            let outcome = try await store.applyRetention(policy)
            let level: Logger.Level = outcome.logChunksDeleted + outcome.metricChunksDeleted > 0 ? .info : .debug
            logger.log(level: level, "retention pass", metadata: [
                "cutoff": "\(RFC3339.format(policy.cutoff))", "log_chunks": "\(outcome.logChunksDeleted)", "lines": "\(outcome.linesDeleted)",
                "metric_chunks": "\(outcome.metricChunksDeleted)", "pinned_instances": "\(outcome.pinned.count)",
            ])
            return outcome
        } catch {
            logger.error("retention pass failed; the next one retries", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
