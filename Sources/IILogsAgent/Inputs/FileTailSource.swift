public import Logging
public import ServiceLifecycle

/// Tails one file into a ``RecordSink``: a swift-service-lifecycle `Service`.
///
/// - A file seen for the first time (no checkpoint) is read from its beginning.
/// - Each line is submitted with a checkpoint holding (device, inode, offset after the line), so a
///   restart resumes exactly after the last spooled line: no line lost or repeated.
/// - On start with a checkpoint whose inode no longer is the path's file (rotated while the agent was
///   down), the old file is finished first if it can still be found in the same folder under another
///   name (logrotate's `app.log.1`); if it was deleted or compressed, its unread tail is lost (logged).
/// - While running, the file is polled every ``FileTailSettings/pollInterval`` for growth, rotation
///   (the path names another file: the old descriptor is read to its end first), truncation (size
///   below the offset: read again from 0, logged) and appearance (a missing file is waited for).
/// - Lines are split on LF (a trailing CR is stripped); an unfinished last line waits for its LF up to
///   ``FileTailSettings/partialLineTimeout``; lines longer than ``FileTailSettings/maxLineBytes`` are
///   cut and marked `truncated=true`. Empty lines are skipped.
///
/// Limitation: a truncation followed by growth past the old offset between two polls is not seen.
public struct FileTailSource: Service {
    public let settings: FileTailSettings
    /// Counters of this file, for the agent's own metrics.
    public let stats: FileTailStats
    private let sink: any RecordSink
    private let checkpoints: any CheckpointStore
    private let logger: Logger

    /// A tail of `settings.path` that submits to `sink` and resumes from `checkpoints`.
    public init(settings: FileTailSettings, sink: any RecordSink, checkpoints: any CheckpointStore,
                logger: Logger, stats: FileTailStats = FileTailStats()) {
        self.settings = settings
        self.sink = sink
        self.checkpoints = checkpoints
        self.stats = stats
        var logger = logger
        logger[metadataKey: "source"] = "\(settings.sourceKey)"
        self.logger = logger
    }

    /// Polls until cancelled or until graceful shutdown; on graceful shutdown it reads once more to the
    /// current end of the file (without emitting an unfinished last line: a restart re-reads it).
    public func run() async throws {
        try settings.validate()
        let tailer = FileTailer(settings: settings, sink: sink, logger: logger, stats: stats)
        defer { tailer.stop() }
        var checkpoint: FileTailCheckpoint?
        if let bytes = await checkpoints.checkpoint(for: settings.sourceKey) {
            do {
                checkpoint = try FileTailCheckpoint(bytes: bytes)
            } catch {
                logger.warning("ignoring an unreadable tail checkpoint; reading the file from its start",
                               metadata: ["error": "\(error)"])
            }
        }
        tailer.start(from: checkpoint)
        while !Task.isCancelled {
            await tailer.poll()
            if Task.isShuttingDownGracefully { break }
            do {
                try await Task.sleep(for: settings.pollInterval)
            } catch {
                return  // cancelled
            }
        }
    }
}
