import IILogsCore
import Logging

/// The state of one tailed path, owned by the task running ``FileTailSource``; not shared.
///
/// Each ``poll()`` reads the open file to its end, then looks at what the path names now:
/// - the same file: nothing more; if it shrank below our offset it was truncated → read again from 0.
/// - another file (rotation by rename, or re-creation): the old descriptor is read to its end, its
///   unfinished last line is emitted, then the new file is read from 0.
/// - nothing (renamed, not yet re-created): keep reading the old descriptor; the writer may still use it.
final class FileTailer {
    let settings: FileTailSettings
    let sink: any RecordSink
    let logger: Logger
    let stats: FileTailStats
    let emitter: FileLineEmitter

    var file: PosixFile?
    var fileStatus: FileStatus?
    var assembler: LineAssembler
    var partialSince: ContinuousClock.Instant?
    var readBuffer: [UInt8]
    var reportedMissing = false
    var reportedOpenError = false

    init(settings: FileTailSettings, sink: any RecordSink, logger: Logger, stats: FileTailStats) {
        self.settings = settings
        self.sink = sink
        self.logger = logger
        self.stats = stats
        self.emitter = FileLineEmitter(settings: settings)
        self.assembler = LineAssembler(maxLineBytes: settings.maxLineBytes)
        self.readBuffer = [UInt8](repeating: 0, count: max(1, settings.readChunkBytes))
    }

    deinit { file?.close() }

    /// Positions the tailer from the source's last spooled checkpoint (nil: never seen → from 0).
    func start(from checkpoint: FileTailCheckpoint?) {
        let current = FileStatus.of(path: settings.path)
        guard let checkpoint else {
            if current != nil { open(path: settings.path, at: 0) }
            return
        }
        if let current, current.isSameFile(as: checkpoint) {
            var offset = checkpoint.offset
            if current.size < offset {
                logger.warning("tailed file shrank while the agent was stopped; reading it again from the start",
                               metadata: ["path": "\(settings.path)", "offset": "\(offset)", "size": "\(current.size)"])
                stats.update { $0.truncations += 1 }
                offset = 0
            }
            open(path: settings.path, at: offset)
            return
        }
        // Rotated while we were down. The old file is reachable only if it was renamed within the
        // same folder (logrotate's app.log → app.log.1) and not yet deleted or compressed.
        let directory = settings.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if let oldPath = findFile(device: checkpoint.device, inode: checkpoint.inode, in: directory.isEmpty ? "." : directory),
           let old = FileStatus.of(path: oldPath), old.size >= checkpoint.offset {
            logger.info("tailed file was rotated while the agent was stopped; finishing the old file first",
                        metadata: ["path": "\(settings.path)", "old": "\(oldPath)", "offset": "\(checkpoint.offset)"])
            open(path: oldPath, at: checkpoint.offset)
        } else {
            logger.warning("tailed file was rotated while the agent was stopped and the old file is gone; its unread tail is lost",
                           metadata: ["path": "\(settings.path)", "offset": "\(checkpoint.offset)"])
            if current != nil { open(path: settings.path, at: 0) }
        }
    }

    /// One round: read what is new, follow rotation or truncation, flush an old partial line.
    func poll() async {
        defer { stats.update { $0.polls += 1 } }
        if file == nil {
            guard FileStatus.of(path: settings.path) != nil else {
                if !reportedMissing {
                    logger.info("tailed file does not exist yet; waiting for it", metadata: ["path": "\(settings.path)"])
                    reportedMissing = true
                }
                return
            }
            open(path: settings.path, at: 0)
            if file == nil { return }
        }
        await readToEnd()
        if let status = fileStatus, let now = FileStatus.of(path: settings.path), !now.isSameFile(as: status) {
            await readToEnd()  // whatever the writer added before it switched files
            await flushPartial()
            logger.info("tailed file was rotated; following the new file", metadata: ["path": "\(settings.path)"])
            stats.update { $0.rotations += 1 }
            closeFile()
            open(path: settings.path, at: 0)
            await readToEnd()
        }
        if let since = partialSince, ContinuousClock.now - since >= settings.partialLineTimeout {
            await flushPartial()
        }
    }

    /// Closes the open file (the service is stopping).
    func stop() { closeFile() }
}
