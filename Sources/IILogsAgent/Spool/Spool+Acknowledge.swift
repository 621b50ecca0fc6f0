import IILogsCore
import Logging

extension Spool {
    /// Up to `limit` unacknowledged entries with a sequence above `sequence`, oldest first.
    ///
    /// An entry that fails its checksum on read (bit rot since it was written) is dropped and counted.
    public func entries(after sequence: UInt64, limit: Int) throws(SpoolError) -> [SpoolEntry] {
        var result: [SpoolEntry] = []
        var unreadable: [UInt64] = []
        outer: for segment in segments where (segment.entries.last?.sequence ?? 0) > sequence {
            for indexed in segment.entries where indexed.sequence > sequence && !indexed.acknowledged {
                guard result.count < limit else { break outer }
                let bytes = try fileSystem.read(segment.path, offset: indexed.offset, length: indexed.length)
                if case .entry(let entry, _) = SpoolEntry.scan(bytes, at: 0, maxEntryBytes: options.maxEntryBytes) {
                    result.append(entry)
                } else {
                    logger.error("spool entry unreadable; dropped", metadata: ["segment": "\(segment.path)", "sequence": "\(indexed.sequence)", "reason": "corrupt"])
                    ledger.droppedRecords += UInt64(indexed.recordCount)
                    droppedSinceOpen["corrupt", default: 0] += UInt64(indexed.recordCount)
                    unreadable.append(indexed.sequence)
                }
            }
        }
        for sequence in unreadable { try acknowledge(sequence) }
        handedOutSequence = max(handedOutSequence, result.last?.sequence ?? 0)
        return result
    }

    /// Marks the entry `sequence` acknowledged; deletes every segment whose entries all are.
    public func acknowledge(_ sequence: UInt64) throws(SpoolError) {
        droppedInFlight[sequence] = nil  // dropped from the spool, yet stored by the collector
        guard let s = segments.firstIndex(where: { ($0.entries.last?.sequence ?? 0) >= sequence }),
              let e = segments[s].entries.firstIndex(where: { $0.sequence == sequence })
        else { return }  // already deleted or never spooled
        segments[s].entries[e].acknowledged = true
        try settleAcknowledgements()
    }

    /// Marks every entry up to and including `sequence` acknowledged (the collector already stores them).
    public func acknowledge(through sequence: UInt64) throws(SpoolError) {
        droppedInFlight = droppedInFlight.filter { $0.key > sequence }
        for s in segments.indices {
            for e in segments[s].entries.indices where segments[s].entries[e].sequence <= sequence {
                segments[s].entries[e].acknowledged = true
            }
        }
        try settleAcknowledgements()
    }

    /// Advances the acknowledged sequence, deletes fully acknowledged segments, wakes waiters.
    func settleAcknowledgements() throws(SpoolError) {
        var firstUnacknowledged: UInt64?
        search: for segment in segments {
            for entry in segment.entries where !entry.acknowledged {
                firstUnacknowledged = entry.sequence
                break search
            }
        }
        ledger.ackedSequence = max(ledger.ackedSequence, (firstUnacknowledged ?? ledger.nextSequence) - 1)
        let done = segments.filter(\.isFullyAcknowledged)
        if !done.isEmpty {
            segments.removeAll(where: \.isFullyAcknowledged)
            try writeLedger()  // checkpoints and acked sequence durable before the entries go
            for segment in done { try fileSystem.remove(segment.path) }
        }
        resumeWaiters()
    }
}
