import IILogsCore
public import IILogsStore
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// Deletes expired log and metric chunks (see ``LogStore/applyRetention(_:)``): a day partition wholly before the
    /// cutoff that holds no pinned instance's chunk is dropped in one statement; what remains expired (days across the
    /// cutoff, days with pinned chunks, metric chunks) is deleted in bounded transactions, oldest first.
    public func applyRetention(_ policy: RetentionPolicy) async throws(StoreError) -> RetentionOutcome {
        let logger = self.logger
        var outcome = RetentionOutcome()
        let pinned: [Int64: (String, RetentionPin)] = try await withConnection("retention: pinned instances") { connection in
            var pinned: [Int64: (String, RetentionPin)] = [:]
            for row in try await connection.rows("""
                SELECT key, instance_id, last_seen, last_boot_at, terminating_at, terminated_at, closed_at, quarantined_at, released_at
                FROM instances
                """, logger) {
                let facts = InstanceStateRules.Facts(lastSeen: try row.int64(2), lastBootAt: try row.optionalInt64(3),
                                                     terminatingAt: try row.optionalInt64(4), terminatedAt: try row.optionalInt64(5),
                                                     closedAt: try row.optionalInt64(6), quarantinedAt: try row.optionalInt64(7),
                                                     releasedAt: try row.optionalInt64(8))
                if let pin = RetentionPin.of(facts, now: policy.now, lostAfter: policy.lostAfter) { pinned[try row.int64(0)] = (try row.string(1), pin) }
            }
            return pinned
        }
        outcome.pinned = Dictionary(uniqueKeysWithValues: pinned.values.map { ($0.0, $0.1) })
        let pinnedKeys = pinned.keys.sorted()
        let cutoff = policy.cutoff.nanosecondsSinceEpoch

        // Whole days before the cutoff.
        let partitions = try await withConnection("retention: partitions") { connection in
            try await connection.rows("""
                SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'chunks'::regclass
                """, logger).map { try $0.string(0) }
        }
        for name in partitions {
            guard let day = PostgresPartitions.day(ofPartition: name) else { continue }
            let end = (day + 1).multipliedReportingOverflow(by: PostgresPartitions.dayNanoseconds)
            guard !end.overflow, end.partialValue <= cutoff else { continue }
            let dropped: (chunks: Int, lines: Int)? = try await transaction("retention: dropping \(name)") { connection in
                try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresPartitions.lockKey))", logger)
                let table = PostgresQuery(unsafeSQL: "SELECT count(*) FILTER (WHERE instance_key = ANY($1)), count(*), coalesce(sum(line_count), 0)::bigint FROM \(name)",
                                          binds: Self.binds(pinnedKeys))
                guard let row = try await connection.firstRow(table, logger), try row.int64(0) == 0 else { return nil }
                try await connection.run(PostgresQuery(unsafeSQL: "DROP TABLE \(name)"), logger)
                return (try row.int(1), try row.int(2))
            }
            outcome.transactions += 1
            if let dropped {
                _ = caches.withLock { $0.partitionDays.remove(day) }
                outcome.logChunksDeleted += dropped.chunks
                outcome.linesDeleted += dropped.lines
                logger.info("retention dropped a day partition", metadata: ["partition": "\(name)", "chunks": "\(dropped.chunks)"])
            }
        }

        // The rest, in bounded transactions.
        let limit = Int64(policy.maxChunksPerTransaction)
        while true {
            let step: (chunks: Int, lines: Int, metrics: Int) = try await transaction("retention: deleting chunks") { connection in
                let deleted = try await connection.rows("""
                    DELETE FROM chunks WHERE (id, max_time) IN (
                        SELECT id, max_time FROM chunks WHERE max_time < \(cutoff) AND NOT (instance_key = ANY(\(pinnedKeys)))
                        ORDER BY max_time LIMIT \(limit))
                    RETURNING line_count
                    """, logger)
                let metrics = try await connection.rows("""
                    DELETE FROM metric_chunks WHERE id IN (
                        SELECT metric_chunks.id FROM metric_chunks JOIN metric_series ON metric_series.key = metric_chunks.series_key
                        WHERE metric_chunks.max_time < \(cutoff) AND NOT (metric_series.instance_key = ANY(\(pinnedKeys)))
                        ORDER BY metric_chunks.max_time LIMIT \(limit))
                    RETURNING 1
                    """, logger)
                return (deleted.count, try deleted.reduce(0) { $0 + (try $1.int(0)) }, metrics.count)
            }
            outcome.transactions += 1
            outcome.logChunksDeleted += step.chunks
            outcome.linesDeleted += step.lines
            outcome.metricChunksDeleted += step.metrics
            if step.chunks < policy.maxChunksPerTransaction && step.metrics < policy.maxChunksPerTransaction { break }
        }
        if outcome.logChunksDeleted > 0 {
            // An image's template dictionary goes with its last chunk (ADR 016); its id is never given again.
            try await withConnection("retention: template dictionaries") { connection in
                try await connection.run("""
                    DELETE FROM template_dictionaries t WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.image_key = t.image_key)
                    """, logger)
            }
        }
        return outcome
    }

    private static func binds(_ keys: [Int64]) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(keys)
        return binds
    }
}
