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
    /// order) and writes nothing when one of them is gone or changed, so a run is merged (and a chunk recoded) once.
    /// With `policy.templateDictionaries`, images get their dictionary first, merged chunks use it, and the chunks
    /// left are encoded against it last (ADR 016).
    public func compactChunks(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome {
        var outcome = try await buildTemplateDictionaries(policy)
        outcome.add(try await compact(policy))
        outcome.add(try await recodeAgainstTemplateDictionaries(policy))
        return outcome
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
        let (logger, dictionaries) = (self.logger, templateDictionaries)
        let ids = run.map(\.id)
        let (rows, imageDictionary) = try await withConnection("compaction: reading a run") { connection in
            var sources: [MergedRun.Source] = []
            for row in try await connection.rows("SELECT \(unescaped: IndexRow.columns), data FROM chunks WHERE id = ANY(\(ids))", logger) {
                let index = try IndexRow(row)
                let data = try row.bytes(13)
                sources.append(MergedRun.Source(row: index.index, data: data, filterBytes: index.filter.count,
                                                templateDictionary: try await dictionaries.dictionary(for: index.index.block(compressed: data),
                                                                                                      connection, logger)))
            }
            let imageDictionary = if policy.templateDictionaries, let imageKey = run.first?.imageKey {
                try await dictionaries.dictionary(ofImage: imageKey, connection, logger)
            } else { nil as TemplateDictionary? }
            return (sources, imageDictionary)
        }
        let stored = Dictionary(rows.map { ($0.row.id, $0) }, uniquingKeysWith: { first, _ in first })
        return MergedRun.merge(run, stored: stored, instanceKey: instanceKey, policy: policy, templateDictionary: imageDictionary,
                               maxUncompressedBytes: maxUncompressedBytesForQueries)
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
