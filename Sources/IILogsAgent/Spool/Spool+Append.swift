import IILogsCore
import Logging

extension Spool {
    /// Appends one entry and fsyncs it; returns its sequence.
    ///
    /// `encode` receives the entry's sequence and the cumulative dropped-record count and returns the
    /// payload (the encoded batch), so the batch carries both without a second round trip. When the
    /// spool would exceed `maxBytes`, the oldest segments are dropped first and their unacknowledged
    /// records counted. A failed write adds `recordCount` to the dropped records and rethrows.
    public func append(recordCount: Int, checkpoints: [SourceCheckpoint],
                       encode: (_ sequence: UInt64, _ droppedRecords: UInt64) -> [UInt8]) throws(SpoolError) -> UInt64 {
        guard !closed else { throw SpoolError(.closed, "append after close") }
        let sequence = ledger.nextSequence
        let payload = encode(sequence, ledger.droppedRecords)
        let records = UInt32(clamping: recordCount)
        let frame = SpoolEntry(sequence: sequence, recordCount: records, payload: payload, checkpoints: checkpoints).framed()
        guard frame.count <= options.maxBytes, frame.count <= options.maxEntryBytes else {
            ledger.droppedRecords += UInt64(records)
            droppedSinceOpen["entry_too_large", default: 0] += UInt64(records)
            throw SpoolError(.entryTooLarge, "entry of \(frame.count) bytes exceeds spool.maxBytes \(options.maxBytes) or maxEntryBytes \(options.maxEntryBytes)")
        }
        var ledgerChanged = false
        while totalBytes + frame.count > options.maxBytes, !segments.isEmpty {
            try dropOldestSegment(reason: "spool_full")
            ledgerChanged = true
        }
        if segments.isEmpty || (segments[segments.count - 1].size > 0 && segments[segments.count - 1].size + frame.count > options.segmentBytes) {
            let id = (segments.last?.id ?? lastSegmentIDHint) + 1
            lastSegmentIDHint = id
            segments.append(Segment(id: id, path: options.directory + "/" + Self.segmentName(id), size: 0, entries: []))
        }
        let index = segments.count - 1
        let isNewFile = segments[index].size == 0
        do {
            try fileSystem.append(frame, to: segments[index].path, syncDirectory: isNewFile)
        } catch {
            ledger.droppedRecords += UInt64(records)
            droppedSinceOpen["write_error", default: 0] += UInt64(records)
            logger.error("spool append failed; batch dropped", metadata: ["sequence": "\(sequence)", "records": "\(records)", "reason": "write_error", "error": "\(error)"])
            // Cut off whatever part of the frame reached the file, so later appends stay aligned.
            try? fileSystem.truncate(segments[index].path, to: segments[index].size)
            if isNewFile { segments.removeLast() }
            throw error
        }
        segments[index].entries.append(IndexedEntry(sequence: sequence, recordCount: records, offset: segments[index].size,
                                                    length: frame.count, acknowledged: false))
        segments[index].size += frame.count
        ledger.nextSequence = sequence + 1
        for checkpoint in checkpoints { ledger.checkpoints[checkpoint.sourceKey] = checkpoint.position }
        if ledgerChanged { try writeLedger() }
        resumeWaiters()
        return sequence
    }

    /// Deletes the oldest segment even if unacknowledged, counting its unacknowledged records as dropped.
    func dropOldestSegment(reason: String) throws(SpoolError) {
        let segment = segments.removeFirst()
        let unacknowledged = segment.entries.filter { !$0.acknowledged }
        // Entries the shipper already sent may be stored yet: decided by their ack or the next welcome.
        for entry in unacknowledged where entry.sequence <= handedOutSequence { droppedInFlight[entry.sequence] = entry.recordCount }
        let lost = unacknowledged.filter { $0.sequence > handedOutSequence }
        let records = lost.reduce(UInt64(0)) { $0 + UInt64($1.recordCount) }
        ledger.droppedRecords += records
        if records > 0 { droppedSinceOpen[reason, default: 0] += records }
        if let last = segment.entries.last { ledger.ackedSequence = max(ledger.ackedSequence, last.sequence) }
        try writeLedger()
        try fileSystem.remove(segment.path)
        if records > 0 {
            logger.warning("spool full; dropped the oldest segment", metadata: [
                "segment": "\(segment.path)", "entries": "\(lost.count)", "records": "\(records)", "reason": "\(reason)",
                "dropped_total": "\(ledger.droppedRecords)",
            ])
        }
    }

    /// The collector's welcome said it stores every sequence up to `lastStoredSequence`: entries dropped while
    /// in flight above it were not stored and now count as dropped (`spool_full`); those at or below it arrived.
    public func settleDropsInFlight(lastStoredSequence: UInt64) throws(SpoolError) {
        guard countDroppedInFlight(where: { $0 > lastStoredSequence }) else { return }
        try writeLedger()
    }

    /// Moves the in-flight drops matching `lost` into the dropped count and forgets the rest; true when any was counted.
    @discardableResult
    func countDroppedInFlight(where lost: (UInt64) -> Bool) -> Bool {
        let records = droppedInFlight.filter { lost($0.key) }.values.reduce(UInt64(0)) { $0 + UInt64($1) }
        droppedInFlight.removeAll()
        guard records > 0 else { return false }
        ledger.droppedRecords += records
        droppedSinceOpen["spool_full", default: 0] += records
        logger.warning("spool full: entries dropped while in flight were not stored by the collector",
                       metadata: ["records": "\(records)", "dropped_total": "\(ledger.droppedRecords)"])
        return true
    }
}
