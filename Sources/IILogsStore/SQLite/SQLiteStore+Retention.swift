import IILogsCore

extension SQLiteStore {
    /// Deletes expired log and metric chunks in bounded write transactions (see ``LogStore/applyRetention(_:)``).
    public func applyRetention(_ policy: RetentionPolicy) async throws(StoreError) -> RetentionOutcome {
        var outcome = RetentionOutcome()
        let pinnedKeys: [Int64: (String, RetentionPin)] = try await read { db throws(StoreError) in
            try SQLiteRetention.pinnedInstances(db: db, policy: policy)
        }
        outcome.pinned = Dictionary(uniqueKeysWithValues: pinnedKeys.values.map { ($0.0, $0.1) })
        let pinnedJSON = "[" + pinnedKeys.keys.sorted().map(String.init).joined(separator: ",") + "]"
        while true {
            let step = try await write { writer throws(StoreError) in
                try writer.transaction { () throws(StoreError) -> SQLiteRetention.Step in
                    try SQLiteRetention.deleteBatch(db: writer.db, policy: policy, pinnedJSON: pinnedJSON)
                }
            }
            outcome.transactions += 1
            outcome.logChunksDeleted += step.logChunks
            outcome.linesDeleted += step.lines
            outcome.metricChunksDeleted += step.metricChunks
            if step.logChunks < policy.maxChunksPerTransaction && step.metricChunks < policy.maxChunksPerTransaction { break }
        }
        if outcome.logChunksDeleted > 0 {
            // A dictionary lives while its image has chunks (ADR 016); one written for an image whose last chunk went
            // meanwhile is an orphan until the next pass, never a dictionary a chunk lacks.
            try await write { writer throws(StoreError) in
                try writer.db.execute("DELETE FROM template_dictionaries WHERE image_key NOT IN (SELECT image_key FROM chunks)")
            }
        }
        return outcome
    }
}

/// The statements of a retention pass.
enum SQLiteRetention {
    struct Step {
        var logChunks = 0
        var lines = 0
        var metricChunks = 0
    }

    /// instances.key → (instance ID, pin) for every pinned instance.
    static func pinnedInstances(db: SQLiteDatabase, policy: RetentionPolicy) throws(StoreError) -> [Int64: (String, RetentionPin)] {
        let select = try db.cached("""
            SELECT key, instance_id, last_seen, last_boot_at, terminating_at, terminated_at, closed_at, quarantined_at, released_at
            FROM instances
            """)
        defer { select.reset() }
        var pinned: [Int64: (String, RetentionPin)] = [:]
        while try select.step() {
            let facts = InstanceStateRules.Facts(lastSeen: select.int64(2), lastBootAt: select.optionalInt64(3),
                                                 terminatingAt: select.optionalInt64(4), terminatedAt: select.optionalInt64(5),
                                                 closedAt: select.optionalInt64(6), quarantinedAt: select.optionalInt64(7),
                                                 releasedAt: select.optionalInt64(8))
            if let pin = RetentionPin.of(facts, now: policy.now, lostAfter: policy.lostAfter) {
                pinned[select.int64(0)] = (select.string(1), pin)
            }
        }
        return pinned
    }

    /// Deletes up to `maxChunksPerTransaction` expired log chunks and as many metric chunks, oldest first.
    static func deleteBatch(db: SQLiteDatabase, policy: RetentionPolicy, pinnedJSON: String) throws(StoreError) -> Step {
        var step = Step()
        let expired = try db.cached("""
            SELECT id, line_count FROM chunks
            WHERE max_time < ?1 AND instance_key NOT IN (SELECT value FROM json_each(?2))
            ORDER BY max_time LIMIT ?3
            """)
        expired.bind(1, policy.cutoff.nanosecondsSinceEpoch)
        expired.bind(2, pinnedJSON)
        expired.bind(3, policy.maxChunksPerTransaction)
        var ids: [Int64] = []
        while try expired.step() {
            ids.append(expired.int64(0))
            step.lines += expired.int(1)
        }
        expired.reset()
        let deleteIndex = try db.cached("DELETE FROM chunks WHERE id = ?")
        for id in ids {
            deleteIndex.bind(1, id)
            try deleteIndex.step()
            deleteIndex.reset()
            try SQLiteChunkData.delete(db, id: id)
        }
        step.logChunks = ids.count

        let metrics = try db.cached("""
            DELETE FROM metric_chunks WHERE id IN (
                SELECT metric_chunks.id FROM metric_chunks JOIN metric_series ON metric_series.key = metric_chunks.series_key
                WHERE metric_chunks.max_time < ?1 AND metric_series.instance_key NOT IN (SELECT value FROM json_each(?2))
                ORDER BY metric_chunks.max_time LIMIT ?3)
            """)
        metrics.bind(1, policy.cutoff.nanosecondsSinceEpoch)
        metrics.bind(2, pinnedJSON)
        metrics.bind(3, policy.maxChunksPerTransaction)
        try metrics.step()
        step.metricChunks = db.changes
        metrics.reset()
        return step
    }
}
