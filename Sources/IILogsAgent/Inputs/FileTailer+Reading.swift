import IILogsCore
import Logging

extension FileTailer {
    /// Opens `path` and positions the line assembler at `offset`.
    func open(path: String, at offset: UInt64) {
        switch PosixFile.open(path: path) {
        case .success(let opened):
            switch opened.status() {
            case .success(let status):
                file = opened
                fileStatus = status
                assembler.reset(offset: offset)
                partialSince = nil
                reportedMissing = false
                reportedOpenError = false
                logger.debug("tailing file", metadata: ["path": "\(path)", "offset": "\(offset)", "inode": "\(status.inode)"])
            case .failure(let error):
                opened.close()
                reportOpenError(error)
            }
        case .failure(let error):
            reportOpenError(error)
        }
    }

    private func reportOpenError(_ error: PosixError) {
        stats.update { $0.readErrors += 1 }
        if !reportedOpenError {
            logger.error("cannot open tailed file; retrying every poll", metadata: ["error": "\(error)"])
            reportedOpenError = true
        }
    }

    func closeFile() {
        file?.close()
        file = nil
        fileStatus = nil
        partialSince = nil
    }

    /// Reads the open file from the assembler's offset to its current end, handing lines to the sink.
    func readToEnd() async {
        guard let file, let status = fileStatus else { return }
        if case .success(let now) = file.status(), now.size < assembler.offset {
            logger.warning("tailed file was truncated; reading it again from the start",
                           metadata: ["path": "\(file.path)", "offset": "\(assembler.offset)", "size": "\(now.size)"])
            stats.update { $0.truncations += 1 }
            assembler.reset(offset: 0)
            partialSince = nil
        }
        while true {
            switch file.read(into: &readBuffer, at: assembler.offset) {
            case .failure(let error):
                logger.error("reading tailed file failed; reopening it next poll", metadata: ["error": "\(error)"])
                stats.update { $0.readErrors += 1 }
                closeFile()
                return
            case .success(0):
                return
            case .success(let count):
                let lines = assembler.append(readBuffer[..<count])
                for line in lines { await emit(line, file: status) }
                if assembler.hasPartialLine {
                    if partialSince == nil || !lines.isEmpty { partialSince = .now }
                } else {
                    partialSince = nil
                }
            }
        }
    }

    /// Emits the held unfinished line, if any.
    func flushPartial() async {
        partialSince = nil
        guard let status = fileStatus, let line = assembler.flushPartial() else { return }
        stats.update { $0.partialLinesFlushed += 1 }
        await emit(line, file: status)
    }

    private func emit(_ line: AssembledLine, file status: FileStatus) async {
        let checkpoint = FileTailCheckpoint(device: status.device, inode: status.inode, offset: line.endOffset)
        stats.update {
            $0.lines += 1
            if line.truncated { $0.truncatedLines += 1 }
        }
        await sink.submit(.log(emitter.record(for: line, at: .now())),
                          checkpoint: SourceCheckpoint(sourceKey: settings.sourceKey, position: checkpoint.bytes))
    }
}
