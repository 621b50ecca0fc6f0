import IILogsCore

extension SQLiteWriter {
    /// Inside the caller's transaction (``SQLiteStore/openStream(identity:streamID:at:)``): registers or touches the
    /// instance and returns its stream's highest stored sequence (0 for a new stream).
    func openStreamInTransaction(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) throws(StoreError) -> UInt64 {
        let instanceKey = try instanceKey(identity, at: time.nanosecondsSinceEpoch, touch: true)
        let select = try db.cached("SELECT max_sequence FROM streams WHERE instance_key = ? AND stream_id = ?")
        select.bind(1, instanceKey)
        select.bind(2, Int64(bitPattern: streamID))
        let maxSequence = try select.step() ? UInt64(bitPattern: select.int64(0)) : 0
        select.reset()
        return maxSequence
    }

    /// One batch inside the caller's transaction: dedupe, chunk row + bytes as received, events, metrics, counters.
    func appendInTransaction(_ batch: IngestBatch) throws(StoreError) -> AppendOutcome {
        let received = batch.receivedAt.nanosecondsSinceEpoch
        let instanceKey = try instanceKey(batch.identity, at: received, touch: false)
        if let stream = batch.stream {
            guard try recordBatchKey(instanceKey: instanceKey, stream: stream) else {
                let bump = try db.cached("""
                    UPDATE instances SET duplicate_batches = duplicate_batches + 1,
                        received_by = CASE WHEN ?1 >= last_seen THEN ?3 ELSE received_by END, last_seen = max(last_seen, ?1)
                    WHERE key = ?2
                    """)
                bump.bind(1, received)
                bump.bind(2, instanceKey)
                bump.bind(3, batch.receivedBy)
                try bump.step()
                return .duplicate
            }
        }
        let imageKey = try imageKey(batch.identity.imageVersion, at: received, touch: false)
        if let block = batch.logs, block.summary.lineCount > 0 {
            try insertChunk(block, instanceKey: instanceKey, imageKey: imageKey)
        }
        for event in batch.events { try insertEvent(event, instanceKey: instanceKey, receivedAt: received) }
        if !batch.metrics.isEmpty { try insertMetrics(batch.metrics, instanceKey: instanceKey, imageKey: imageKey) }
        try updateCounters(batch, instanceKey: instanceKey)
        return .stored
    }

    /// Records (instance, stream, sequence); false when it was already there (a retried batch).
    ///
    /// Sequences are kept as runs (`batch_ranges`): a sequence next to a run extends it (joining two runs when it
    /// fills the gap between them), any other starts a run of its own.
    private func recordBatchKey(instanceKey: Int64, stream: StreamPosition) throws(StoreError) -> Bool {
        let streamID = Int64(bitPattern: stream.streamID)
        let sequence = Int64(bitPattern: stream.sequence)
        let below = try db.cached("""
            SELECT first, last FROM batch_ranges WHERE instance_key = ?1 AND stream_id = ?2 AND first <= ?3 ORDER BY first DESC LIMIT 1
            """)
        below.bind(1, instanceKey)
        below.bind(2, streamID)
        below.bind(3, sequence)
        let previous = try below.step() ? (first: below.int64(0), last: below.int64(1)) : nil
        below.reset()
        if let previous, previous.last >= sequence { return false }
        var nextLast: Int64?
        if sequence < .max {
            let above = try db.cached("SELECT last FROM batch_ranges WHERE instance_key = ?1 AND stream_id = ?2 AND first = ?3")
            above.bind(1, instanceKey)
            above.bind(2, streamID)
            above.bind(3, sequence + 1)
            if try above.step() { nextLast = above.int64(0) }
            above.reset()
        }
        let change: SQLiteStatement
        if let previous, previous.last == sequence - 1 {
            change = try db.cached("UPDATE batch_ranges SET last = ?4 WHERE instance_key = ?1 AND stream_id = ?2 AND first = ?3")
            change.bind(3, previous.first)
            change.bind(4, nextLast ?? sequence)
            if nextLast != nil {
                let joined = try db.cached("DELETE FROM batch_ranges WHERE instance_key = ?1 AND stream_id = ?2 AND first = ?3")
                joined.bind(1, instanceKey)
                joined.bind(2, streamID)
                joined.bind(3, sequence + 1)
                try joined.step()
                joined.reset()
            }
        } else if nextLast != nil {
            change = try db.cached("UPDATE batch_ranges SET first = ?4 WHERE instance_key = ?1 AND stream_id = ?2 AND first = ?3")
            change.bind(3, sequence + 1)
            change.bind(4, sequence)
        } else {
            change = try db.cached("INSERT INTO batch_ranges(instance_key, stream_id, first, last) VALUES (?1, ?2, ?3, ?3)")
            change.bind(3, sequence)
        }
        change.bind(1, instanceKey)
        change.bind(2, streamID)
        try change.step()
        change.reset()
        let upsert = try db.cached("""
            INSERT INTO streams(instance_key, stream_id, max_sequence, batches) VALUES (?1, ?2, ?3, 1)
            ON CONFLICT(instance_key, stream_id) DO UPDATE SET
                max_sequence = max(max_sequence, excluded.max_sequence), batches = batches + 1
            """)
        upsert.bind(1, instanceKey)
        upsert.bind(2, Int64(bitPattern: stream.streamID))
        upsert.bind(3, Int64(bitPattern: stream.sequence))
        try upsert.step()
        return true
    }

    /// Inserts the chunk's index row and bytes; `id` nil takes the next id (compaction passes the id a merged
    /// chunk keeps). Ingest stores the bytes whole, one insert (`chunk_data`); compaction, which writes every chunk
    /// again once its image has a template dictionary, stores them in pieces (`inPieces`, ``SQLiteChunkData``).
    func insertChunk(_ block: EncodedLogBlock, instanceKey: Int64, imageKey: Int64, id chosenID: Int64? = nil,
                     inPieces: Bool = false) throws(StoreError) {
        let summary = block.summary
        let insert = try db.cached("""
            INSERT INTO chunks(id, instance_key, image_key, min_time, max_time, line_count, severity_mask, severity_counts,
                               format, uncompressed_bytes, checksum, filter)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bind(1, chosenID)
        insert.bind(2, instanceKey)
        insert.bind(3, imageKey)
        insert.bind(4, summary.minTime.nanosecondsSinceEpoch)
        insert.bind(5, summary.maxTime.nanosecondsSinceEpoch)
        insert.bind(6, Int64(summary.lineCount))
        insert.bind(7, ChunkIndexRow.severityMask(summary.severityCounts))
        insert.bind(8, blob: ChunkIndexRow.encodeSeverityCounts(summary.severityCounts))
        insert.bind(9, Int64(block.formatVersion))
        insert.bind(10, Int64(block.uncompressedBytes))
        insert.bind(11, Int64(block.checksum))
        insert.bind(12, blob: summary.tokenFilter.bytes)
        try insert.step()
        if inPieces {
            try SQLiteChunkData.insert(db, id: db.lastInsertRowID, data: block.compressed)
        } else {
            try SQLiteChunkData.insertWhole(db, id: db.lastInsertRowID, data: block.compressed)
        }
    }

    private func insertEvent(_ event: LifecycleEvent, instanceKey: Int64, receivedAt: Int64) throws(StoreError) {
        let insert = try db.cached("""
            INSERT INTO events(instance_key, time, name, boot_id, detail, fields, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bind(1, instanceKey)
        insert.bind(2, event.time.nanosecondsSinceEpoch)
        insert.bind(3, event.name.rawValue)
        insert.bind(4, event.bootID)
        insert.bind(5, event.detail)
        insert.bind(6, Self.fieldsJSON(event.fields))
        insert.bind(7, receivedAt)
        try insert.step()
    }
}
