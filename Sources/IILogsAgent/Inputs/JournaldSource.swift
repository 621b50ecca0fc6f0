import IILogsCore
public import Logging
import NIOPosix
public import ServiceLifecycle

/// Follows the systemd journal through `journalctl --output=json --follow` into a ``RecordSink``: a `Service`.
///
/// - Each entry is submitted with its cursor as the source's checkpoint (``JournaldCheckpoint``), which the
///   batcher spools together with the records: a restart runs `journalctl --after-cursor=CURSOR` and neither
///   loses nor repeats entries. Without a checkpoint it starts at the beginning of the current boot.
/// - `journalctl` runs as a child process, its output read line by line on a thread of its own; when it
///   exits (journal rotated away, crash, missing program) it is started again after
///   ``JournaldSettings/restartDelay`` (doubling to 30× while it keeps failing) from the last cursor.
/// - Lines that are not entries, and lines over ``JournaldSettings/maxLineBytes``, are skipped and counted.
/// - On graceful shutdown or cancellation the child is stopped by its PID (SIGTERM).
public struct JournaldSource: Service {
    /// Longest a read waits before the loop checks for cancellation and shutdown.
    public static let readTimeout: Duration = .milliseconds(200)
    /// Bytes asked for per read.
    public static let readChunkBytes = 64 << 10
    /// Most a restart delay grows to, as a multiple of ``JournaldSettings/restartDelay``.
    public static let maxRestartBackoffFactor = 30

    public let settings: JournaldSettings
    /// Counters, for the agent's own metrics.
    public let stats: JournaldStats
    private let sink: any RecordSink
    private let checkpoints: any CheckpointStore
    private let logger: Logger

    public init(settings: JournaldSettings, sink: any RecordSink, checkpoints: any CheckpointStore, logger: Logger,
                stats: JournaldStats = JournaldStats()) {
        self.settings = settings
        self.sink = sink
        self.checkpoints = checkpoints
        self.stats = stats
        var logger = logger
        logger[metadataKey: "source"] = "\(JournaldSettings.sourceKey)"
        self.logger = logger
    }

    public func run() async throws {
        var cursor: String?
        if let bytes = await checkpoints.checkpoint(for: JournaldSettings.sourceKey) {
            do {
                cursor = try JournaldCheckpoint(bytes: bytes).cursor
            } catch {
                logger.warning("ignoring an unreadable journald checkpoint; reading this boot's journal", metadata: ["error": "\(error)"])
            }
        }
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let startedWithEntries = stats.snapshot.entries
            do {
                cursor = try await follow(after: cursor, pool: pool)
            } catch {
                stats.update { $0.startFailures += 1 }
                logger.error("cannot run journalctl", metadata: ["path": "\(settings.journalctlPath)", "error": "\(error)"])
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            failures = stats.snapshot.entries > startedWithEntries ? 0 : min(failures + 1, Self.maxRestartBackoffFactor)
            logger.info("journalctl ended; starting it again", metadata: ["cursor": "\(cursor ?? "-")"])
            let resumeAt = ContinuousClock.now + settings.restartDelay * max(1, failures)
            while ContinuousClock.now < resumeAt, !Task.isShuttingDownGracefully {
                guard (try? await Task.sleep(for: Self.readTimeout)) != nil else { break }
            }
        }
        try? await pool.shutdownGracefully()
    }

    /// Runs one `journalctl` until it ends or the service stops; returns the last submitted cursor.
    private func follow(after start: String?, pool: NIOThreadPool) async throws -> String? {
        let process = try JournaldProcess(path: settings.journalctlPath, arguments: JournaldSettings.arguments(after: start))
        defer { process.terminate() }
        stats.update { $0.starts += 1 }
        logger.info("following the journal", metadata: ["after": "\(start ?? "start of boot")", "pid": "\(process.pid)"])
        var cursor = start
        var pending: [UInt8] = []
        var skipping = false  // inside a line longer than maxLineBytes
        let timeout = Int32(Self.readTimeout.components.seconds * 1_000 + Self.readTimeout.components.attoseconds / 1_000_000_000_000_000)
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            guard let chunk = try await pool.runIfActive({ process.readAvailable(maxBytes: Self.readChunkBytes, timeoutMilliseconds: timeout) })
            else { break }
            var start = chunk.startIndex
            while let lf = chunk[start...].firstIndex(of: 0x0A) {
                if skipping {
                    skipping = false
                } else {
                    pending += chunk[start..<lf]
                    if pending.count > settings.maxLineBytes {
                        stats.update { $0.oversizedLines += 1 }
                    } else if let entry = await submit(pending) {
                        cursor = entry
                    }
                }
                pending.removeAll(keepingCapacity: true)
                start = lf + 1
            }
            if !skipping {
                pending += chunk[start...]
                if pending.count > settings.maxLineBytes {
                    stats.update { $0.oversizedLines += 1 }
                    pending.removeAll()
                    skipping = true
                }
            }
        }
        return cursor
    }

    /// Parses and submits one line; returns its cursor, nil when it is not an entry.
    private func submit(_ line: [UInt8]) async -> String? {
        guard !line.isEmpty else { return nil }
        do {
            let entry = try JournaldEntry.parse(line, maxMessageBytes: settings.maxMessageBytes)
            stats.update {
                $0.entries += 1
                if entry.record.fields.contains(where: { $0.name == JournaldEntry.truncatedField }) { $0.truncatedMessages += 1 }
            }
            await sink.submit(.log(entry.record), checkpoint: SourceCheckpoint(
                sourceKey: JournaldSettings.sourceKey, position: JournaldCheckpoint(cursor: entry.cursor).bytes))
            return entry.cursor
        } catch {
            stats.update { $0.parseErrors += 1 }
            logger.debug("skipping a journalctl line that is not an entry", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
