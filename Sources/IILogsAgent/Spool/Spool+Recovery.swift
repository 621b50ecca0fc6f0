import IILogsCore
import Logging

extension Spool {
    struct Recovered {
        var ledger: SpoolLedger
        var segments: [Segment]
        var report: RecoveryReport
        /// Empty or fully acknowledged segments, deleted once the recovered ledger is written.
        var leftovers: [String]
        /// The highest segment ID seen on disk, deleted leftovers included.
        var highestSegmentID: UInt64
    }

    /// Reads the ledger and scans every segment, repairing torn tails and moving corrupt segments aside.
    static func recover(options: Options, fileSystem: any SpoolFileSystem, logger: Logger,
                        makeStreamID: () -> UInt64) throws(SpoolError) -> Recovered {
        let directory = options.directory
        try fileSystem.createDirectory(directory)
        var report = RecoveryReport()
        var ledger: SpoolLedger
        switch try fileSystem.readFile(directory + "/" + ledgerName).map(SpoolLedger.decode) {
        case .none:
            ledger = SpoolLedger(streamID: makeStreamID())
            report.newStream = true
        case .success(let existing)?:
            ledger = existing
        case .failure(let error)?:
            logger.error("spool ledger unreadable; starting a new stream", metadata: ["error": "\(error)", "directory": "\(directory)"])
            ledger = SpoolLedger(streamID: makeStreamID())
            report.newStream = true
        }

        let ids = try fileSystem.listDirectory(directory).compactMap { name -> UInt64? in
            guard name.hasPrefix(segmentPrefix), name.count == segmentPrefix.count + 16 else { return nil }
            return UInt64(name.dropFirst(segmentPrefix.count), radix: 16)
        }.sorted()

        var segments: [Segment] = []
        var leftovers: [String] = []
        for id in ids {
            let path = directory + "/" + segmentName(id)
            let bytes = try fileSystem.readFile(path) ?? []
            var segment = Segment(id: id, path: path, size: 0, entries: [])
            var offset = 0
            scan: while offset < bytes.count {
                switch SpoolEntry.scan(bytes, at: offset, maxEntryBytes: options.maxEntryBytes) {
                case .entry(let entry, let length):
                    segment.entries.append(IndexedEntry(sequence: entry.sequence, recordCount: entry.recordCount, offset: offset,
                                                        length: length, acknowledged: entry.sequence <= ledger.ackedSequence))
                    for checkpoint in entry.checkpoints { ledger.checkpoints[checkpoint.sourceKey] = checkpoint.position }
                    ledger.nextSequence = max(ledger.nextSequence, entry.sequence + 1)
                    offset += length
                case .tornTail where id == ids.last:
                    logger.warning("spool segment has a torn tail; truncating at the last good entry",
                                   metadata: ["segment": "\(path)", "offset": "\(offset)", "size": "\(bytes.count)"])
                    try fileSystem.truncate(path, to: offset)
                    report.tornTails += 1
                    report.bytesSetAside += bytes.count - offset
                    break scan
                case .tornTail:
                    // Only the newest segment can end in an unfinished append (a crash mid-write); in an older
                    // one a frame running past the end is damage: keep the bytes for inspection.
                    try moveAside(path, bytes: bytes, validPrefix: offset, why: "frame runs past the end of a closed segment",
                                  fileSystem: fileSystem, logger: logger, ledger: &ledger, report: &report)
                    break scan
                case .corrupt(let why):
                    try moveAside(path, bytes: bytes, validPrefix: offset, why: why,
                                  fileSystem: fileSystem, logger: logger, ledger: &ledger, report: &report)
                    break scan
                }
            }
            segment.size = offset
            report.entries += segment.entries.count
            if segment.entries.isEmpty || segment.isFullyAcknowledged {
                leftovers.append(path)  // nothing to ship
            } else {
                segments.append(segment)
            }
        }
        if let first = segments.first?.entries.first, first.sequence > ledger.ackedSequence + 1 {
            // Entries between the acked point and the first present one are gone (dropped or corrupt).
            ledger.ackedSequence = first.sequence - 1
        } else if segments.isEmpty {
            ledger.ackedSequence = ledger.nextSequence - 1
        }
        logger.info("spool opened", metadata: [
            "directory": "\(directory)", "stream": "\(ledger.streamID)", "entries": "\(report.entries)",
            "next_sequence": "\(ledger.nextSequence)", "acked_sequence": "\(ledger.ackedSequence)",
        ])
        return Recovered(ledger: ledger, segments: segments, report: report, leftovers: leftovers, highestSegmentID: ids.last ?? 0)
    }

    /// Renames a damaged segment to `*.corrupt` and writes its valid prefix back under the segment's name.
    private static func moveAside(_ path: String, bytes: [UInt8], validPrefix offset: Int, why: String,
                                  fileSystem: any SpoolFileSystem, logger: Logger,
                                  ledger: inout SpoolLedger, report: inout RecoveryReport) throws(SpoolError) {
        logger.error("spool segment is corrupt; moved aside, valid prefix kept",
                     metadata: ["segment": "\(path)", "offset": "\(offset)", "problem": "\(why)"])
        try fileSystem.rename(path, to: path + ".corrupt")
        if offset > 0 { try fileSystem.writeAtomically(Array(bytes[0..<offset]), to: path) }
        report.corruptSegments += 1
        report.bytesSetAside += bytes.count - offset
        // Entries after the bad frame may have been shipped: never reuse their sequences.
        let lostAtMost = UInt64((bytes.count - offset) / SpoolEntry.minimumFrameBytes + 1)
        ledger.nextSequence += lostAtMost
    }
}
