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
        var outcome = CompactionOutcome()
        guard policy.horizon > policy.after else { return outcome }
        let logger = self.logger
        let instanceKeys = try await withConnection("compaction: instances") { connection in
            try await connection.rows("""
                SELECT DISTINCT instance_key FROM chunks
                WHERE xid > \(policy.after) AND xid <= \(policy.horizon) AND line_count < \(Int64(policy.smallChunkLines))
                ORDER BY instance_key
                """, logger).map { try $0.int64(0) }
        }
        for instanceKey in instanceKeys {
            if Task.isCancelled { break }
            outcome.instancesExamined += 1
            let chunks = try await withConnection("compaction: small chunks") { connection in
                try await connection.rows("""
                    SELECT id, xid, image_key, min_time, max_time, line_count, uncompressed_bytes FROM chunks
                    WHERE instance_key = \(instanceKey) AND xid <= \(policy.horizon) AND line_count < \(Int64(policy.smallChunkLines))
                    ORDER BY xid, id
                    """, logger).map { row in
                    (candidate: CompactionPlanner.Candidate(id: try row.int64(0), imageKey: try row.int64(2), minTime: try row.int64(3),
                                                           maxTime: try row.int64(4), lineCount: try row.int(5),
                                                           uncompressedBytes: try row.int(6)),
                     xid: try row.int64(1))
                }
            }
            let xids = Dictionary(chunks.map { ($0.candidate.id, $0.xid) }, uniquingKeysWith: max)
            for run in CompactionPlanner.runs(chunks.map(\.candidate), policy: policy) {
                if Task.isCancelled { break }
                let merge = try await merge(run, instanceKey: instanceKey, policy: policy)
                outcome.corruptChunksSkipped += merge.corrupt
                guard let merged = merge.run else { continue }
                let xid = merged.sources.keys.compactMap { xids[$0] }.max() ?? 0
                guard try await replace(merged, xid: xid) else {
                    outcome.runsChanged += 1
                    continue
                }
                outcome.add(written: merged)
            }
        }
        return outcome
    }

    /// Reads the run's chunks and merges them (``MergedRun/merge(_:stored:instanceKey:policy:maxUncompressedBytes:)``).
    private func merge(_ run: [CompactionPlanner.Candidate], instanceKey: Int64,
                       policy: CompactionPolicy) async throws(StoreError) -> (run: MergedRun?, corrupt: Int) {
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

    /// One transaction: locks the sources, checks they are unchanged, deletes them and inserts the merged chunk under
    /// the largest id and `xid` of the run. False (nothing written) when a source is gone or changed.
    private func replace(_ merged: MergedRun, xid: Int64) async throws(StoreError) -> Bool {
        let summary = merged.block.summary
        try await ensurePartition(forMaxTime: summary.maxTime.nanosecondsSinceEpoch)
        let logger = self.logger
        let ids = merged.sources.keys.sorted()
        let id = ids.last ?? 0
        return try await transaction("compaction: replacing a run") { connection in
            var unchanged = 0
            for row in try await connection.rows("""
                SELECT id, checksum, instance_key FROM chunks WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE
                """, logger) {
                let chunkID = try row.int64(0)
                if merged.sources[chunkID] == UInt32(truncatingIfNeeded: try row.int64(1)), try row.int64(2) == merged.instanceKey {
                    unchanged += 1
                }
            }
            guard unchanged == merged.sources.count else { return false }
            try await connection.run("DELETE FROM chunks WHERE id = ANY(\(ids))", logger)
            let minTime = summary.minTime.nanosecondsSinceEpoch
            let maxTime = summary.maxTime.nanosecondsSinceEpoch
            let lineCount = Int64(summary.lineCount)
            let severityMask = ChunkIndexRow.severityMask(summary.severityCounts)
            let severityCounts = ByteBuffer(bytes: ChunkIndexRow.encodeSeverityCounts(summary.severityCounts))
            let format = Int64(merged.block.formatVersion)
            let uncompressed = Int64(merged.block.uncompressedBytes)
            let checksum = Int64(merged.block.checksum)
            let filter = ByteBuffer(bytes: summary.tokenFilter.bytes)
            let data = ByteBuffer(bytes: merged.block.compressed)
            try await connection.run("""
                INSERT INTO chunks(id, xid, instance_key, image_key, min_time, max_time, line_count, severity_mask, severity_counts,
                                   format, uncompressed_bytes, checksum, filter, data)
                VALUES (\(id), \(xid), \(merged.instanceKey), \(merged.imageKey), \(minTime), \(maxTime), \(lineCount), \(severityMask),
                        \(severityCounts), \(format), \(uncompressed), \(checksum), \(filter), \(data))
                """, logger)
            return true
        }
    }
}
