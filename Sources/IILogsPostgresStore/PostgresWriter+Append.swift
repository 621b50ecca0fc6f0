import IILogsCore
import IILogsStore
import PostgresNIO
import Synchronization

extension PostgresWriter {
    /// See ``PostgresStore/openStream(identity:streamID:at:)``.
    func openStream(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) async throws -> UInt64 {
        let instanceKey = try await instanceKey(identity, at: time.nanosecondsSinceEpoch, touch: true)
        let row = try await connection.firstRow("""
            SELECT max_sequence FROM streams WHERE instance_key = \(instanceKey) AND stream_id = \(Int64(bitPattern: streamID))
            """, logger)
        return try row.map { UInt64(bitPattern: try $0.int64(0)) } ?? 0
    }

    /// One batch in the caller's transaction: dedupe, chunk row as received, events, metrics, counters.
    func append(_ batch: IngestBatch) async throws -> AppendOutcome {
        let received = batch.receivedAt.nanosecondsSinceEpoch
        let instanceKey = try await instanceKey(batch.identity, at: received, touch: false)
        if let stream = batch.stream {
            guard try await recordBatchKey(instanceKey: instanceKey, stream: stream) else {
                try await connection.run("""
                    UPDATE instances SET duplicate_batches = duplicate_batches + 1,
                        received_by = CASE WHEN \(received) >= last_seen THEN \(batch.receivedBy) ELSE received_by END,
                        last_seen = greatest(last_seen, \(received))
                    WHERE key = \(instanceKey)
                    """, logger)
                return .duplicate
            }
        }
        let imageKey = try await imageKey(batch.identity.imageVersion, at: received, touch: false)
        if let block = batch.logs, block.summary.lineCount > 0 {
            try await insertChunk(block, instanceKey: instanceKey, imageKey: imageKey)
        }
        for event in batch.events { try await insertEvent(event, instanceKey: instanceKey, receivedAt: received) }
        if !batch.metrics.isEmpty { try await insertMetrics(batch.metrics, instanceKey: instanceKey, imageKey: imageKey) }
        try await updateCounters(batch, instanceKey: instanceKey)
        return .stored
    }

    /// Records (instance, stream, sequence) under its unique key; false when it was already there (a retried batch,
    /// possibly stored through another collector).
    private func recordBatchKey(instanceKey: Int64, stream: StreamPosition) async throws -> Bool {
        let streamID = Int64(bitPattern: stream.streamID)
        let sequence = Int64(bitPattern: stream.sequence)
        let inserted = try await connection.firstRow("""
            INSERT INTO batch_keys(instance_key, stream_id, sequence) VALUES (\(instanceKey), \(streamID), \(sequence))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger)
        guard inserted != nil else { return false }
        try await connection.run("""
            INSERT INTO streams(instance_key, stream_id, max_sequence, batches) VALUES (\(instanceKey), \(streamID), \(sequence), 1)
            ON CONFLICT(instance_key, stream_id) DO UPDATE SET
                max_sequence = greatest(streams.max_sequence, excluded.max_sequence), batches = streams.batches + 1
            """, logger)
        return true
    }

    /// Inserts the chunk; `position` nil takes the next id and this transaction's id (compaction passes the id and
    /// `xid` a merged chunk keeps).
    func insertChunk(_ block: EncodedLogBlock, instanceKey: Int64, imageKey: Int64, position: (id: Int64, xid: Int64)? = nil) async throws {
        let summary = block.summary
        let minTime = summary.minTime.nanosecondsSinceEpoch
        let maxTime = summary.maxTime.nanosecondsSinceEpoch
        let lineCount = Int64(summary.lineCount)
        let severityMask = ChunkIndexRow.severityMask(summary.severityCounts)
        let severityCounts = ByteBuffer(bytes: ChunkIndexRow.encodeSeverityCounts(summary.severityCounts))
        let format = Int64(block.formatVersion)
        let uncompressed = Int64(block.uncompressedBytes)
        let checksum = Int64(block.checksum)
        let filter = ByteBuffer(bytes: summary.tokenFilter.bytes)
        let data = ByteBuffer(bytes: block.compressed)
        try await connection.run("""
            INSERT INTO chunks(id, xid, instance_key, image_key, min_time, max_time, line_count, severity_mask, severity_counts,
                               format, uncompressed_bytes, checksum, filter, data)
            VALUES (coalesce(\(position?.id), nextval('chunk_ids')), coalesce(\(position?.xid), pg_current_xact_id()::text::bigint),
                    \(instanceKey), \(imageKey), \(minTime), \(maxTime), \(lineCount), \(severityMask), \(severityCounts),
                    \(format), \(uncompressed), \(checksum), \(filter), \(data))
            """, logger)
    }

    private func insertEvent(_ event: LifecycleEvent, instanceKey: Int64, receivedAt: Int64) async throws {
        let time = event.time.nanosecondsSinceEpoch
        let fields = StoreJSON.fieldsJSON(event.fields)
        try await connection.run("""
            INSERT INTO events(instance_key, time, name, boot_id, detail, fields, received_at)
            VALUES (\(instanceKey), \(time), \(event.name.rawValue), \(event.bootID), \(event.detail), \(fields), \(receivedAt))
            """, logger)
    }

    /// Moves the instance's counters, last-seen/last-log times and lifecycle markers for one stored batch, and
    /// makes its collector the instance's `received_by` when the batch is the newest heard (the right-hand sides
    /// of an UPDATE read the row as it was; `greatest`/`least` ignore NULLs in PostgreSQL).
    private func updateCounters(_ batch: IngestBatch, instanceKey: Int64) async throws {
        let marks = LifecycleMarks(batch.events)
        let lines = Int64(batch.logs?.summary.lineCount ?? 0)
        let received = batch.receivedAt.nanosecondsSinceEpoch
        let lastLog: Int64? = lines > 0 ? batch.logs?.summary.maxTime.nanosecondsSinceEpoch : nil
        let dropped = Int64(clamping: batch.agentDroppedRecords)
        try await connection.run("""
            UPDATE instances SET
                received_by = CASE WHEN \(received) >= last_seen THEN \(batch.receivedBy) ELSE received_by END,
                last_seen = greatest(last_seen, \(received)),
                lines = lines + \(lines),
                batches = batches + 1,
                last_log_time = greatest(last_log_time, \(lastLog)),
                agent_dropped = greatest(agent_dropped, \(dropped)),
                last_event = CASE WHEN \(marks.newestName)::text IS NOT NULL
                                       AND (last_event_time IS NULL OR \(marks.newestTime) >= last_event_time)
                                  THEN \(marks.newestName) ELSE last_event END,
                last_event_time = greatest(last_event_time, \(marks.newestTime)),
                last_boot_at = greatest(last_boot_at, \(marks.boot)),
                terminating_at = greatest(terminating_at, \(marks.terminating)),
                terminated_at = greatest(terminated_at, \(marks.terminated))
            WHERE key = \(instanceKey)
            """, logger)
    }
}

extension PostgresStore {
    /// Stores one batch in its own transaction (PostgreSQL groups concurrent commits' WAL flushes itself).
    func appendBatch(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome {
        if let block = batch.logs, block.summary.lineCount > 0 {
            try await ensurePartition(forMaxTime: block.summary.maxTime.nanosecondsSinceEpoch)
        }
        do {
            return try await write("append") { writer in try await writer.append(batch) }
        } catch let error where Self.isMissingPartition(error) {
            // Another collector's retention dropped the day's partition since this store created it: create it again.
            caches.withLock { $0.partitionDays.removeAll() }
            if let block = batch.logs { try await ensurePartition(forMaxTime: block.summary.maxTime.nanosecondsSinceEpoch) }
            return try await write("append") { writer in try await writer.append(batch) }
        }
    }

    /// "no partition of relation found for row" (SQLSTATE 23514).
    static func isMissingPartition(_ error: StoreError) -> Bool {
        error.message.contains("no partition of relation")
    }
}
