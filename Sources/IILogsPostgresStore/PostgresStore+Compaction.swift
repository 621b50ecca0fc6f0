import IILogsCore
public import IILogsStore
import PostgresNIO

/// Compaction on PostgreSQL (docs/adr/015-chunk-compaction.md): positions are transaction ids, the order live tails
/// follow here. A merged chunk keeps the largest id and transaction id of its run, so a tail that has passed the
/// run never reads its lines again, and each transaction id still has at most one chunk.
extension PostgresStore: ChunkCompacting {
    /// The newest transaction id below which every chunk is committed and visible (the live tail's horizon, less
    /// one); 0 while the store has no chunk.
    public func compactionHorizon() async throws(StoreError) -> Int64 {
        let logger = self.logger
        return try await withConnection("compaction horizon") { connection in
            let elsewhere = try await PostgresLogTail.transactionsOfOtherDatabases(connection, logger)
            try await connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger)
            do {
                let horizon = try await PostgresLogTail.horizon(connection, logger, elsewhere: elsewhere)
                try await connection.run("COMMIT", logger)
                return max(0, horizon - 1)
            } catch {
                try? await connection.run("ROLLBACK", logger)
                throw error
            }
        }
    }

    /// Several collectors may compact one database at once: the replace transaction locks its run's rows (in id
    /// order) and writes nothing when one of them is gone, so a run is merged once.
    public func compactChunks(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome {
        try await compact(policy)
    }
}

extension PostgresStore: CompactionSteps {
    package func instancesWithNewSmallChunks(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64] {
        let logger = self.logger
        return try await withConnection("compaction: instances") { connection in
            try await connection.rows("""
                SELECT DISTINCT instance_key FROM chunks
                WHERE xid > \(policy.after) AND xid <= \(policy.horizon) AND line_count < \(Int64(policy.smallChunkLines))
                ORDER BY instance_key
                """, logger).map { try $0.int64(0) }
        }
    }

    package func smallChunks(of instanceKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [CompactionPlanner.Candidate] {
        let logger = self.logger
        return try await withConnection("compaction: small chunks") { connection in
            try await connection.rows("""
                SELECT id, xid, image_key, min_time, max_time, line_count, uncompressed_bytes FROM chunks
                WHERE instance_key = \(instanceKey) AND xid <= \(policy.horizon) AND line_count < \(Int64(policy.smallChunkLines))
                ORDER BY xid, id
                """, logger).map { row in
                CompactionPlanner.Candidate(id: try row.int64(0), position: try row.int64(1), imageKey: try row.int64(2),
                                            minTime: try row.int64(3), maxTime: try row.int64(4), lineCount: try row.int(5),
                                            uncompressedBytes: try row.int(6))
            }
        }
    }

    package func merge(_ run: [CompactionPlanner.Candidate], instanceKey: Int64,
                       _ policy: CompactionPolicy) async throws(StoreError) -> (run: MergedRun?, corrupt: Int) {
        let logger = self.logger
        let ids = run.map(\.id)
        let rows = try await withConnection("compaction: reading a run") { connection in
            try await connection.rows("SELECT \(unescaped: IndexRow.columns), data FROM chunks WHERE id = ANY(\(ids))", logger).map { row in
                let index = try IndexRow(row)
                return MergedRun.Source(row: index.index, data: try row.bytes(13), filterBytes: index.filter.count)
            }
        }
        let stored = Dictionary(rows.map { ($0.row.id, $0) }, uniquingKeysWith: { first, _ in first })
        return MergedRun.merge(run, stored: stored, instanceKey: instanceKey, policy: policy, maxUncompressedBytes: maxUncompressedBytesForQueries)
    }

    /// Locks the sources (in id order), checks they are unchanged, deletes them and inserts the merged chunk under the
    /// largest id and `xid` of the run.
    package func replace(with merged: MergedRun) async throws(StoreError) -> Bool {
        try await ensurePartition(forMaxTime: merged.block.summary.maxTime.nanosecondsSinceEpoch)
        let ids = merged.sources.keys.sorted()
        return try await write("compaction: replacing a run") { writer in
            var unchanged = 0
            for row in try await writer.connection.rows("""
                SELECT id, checksum, instance_key FROM chunks WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE
                """, writer.logger) {
                if merged.sources[try row.int64(0)] == UInt32(truncatingIfNeeded: try row.int64(1)), try row.int64(2) == merged.instanceKey {
                    unchanged += 1
                }
            }
            guard unchanged == merged.sources.count else { return false }
            try await writer.connection.run("DELETE FROM chunks WHERE id = ANY(\(ids))", writer.logger)
            try await writer.insertChunk(merged.block, instanceKey: merged.instanceKey, imageKey: merged.imageKey,
                                         position: (id: ids.last ?? 0, xid: merged.position))
            return true
        }
    }
}
