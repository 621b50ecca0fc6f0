import IILogsCore

extension SQLiteStore: ChunkCompacting {
    public func compactionHorizon() async throws(StoreError) -> Int64 {
        try await read { db throws(StoreError) in
            let select = try db.cached("SELECT coalesce(max(id), 0) FROM chunks")
            defer { select.reset() }
            _ = try select.step()
            return select.int64(0)
        }
    }

    /// Bytes of the database's pages in use: its size less its free pages (which SQLite reuses, so a file
    /// shrinks only by a VACUUM), WAL not counted.
    public func bytesInUse() async throws(StoreError) -> Int {
        try await read { db throws(StoreError) in
            var values: [Int] = []
            for pragma in ["page_count", "freelist_count", "page_size"] {
                let select = try db.prepare("PRAGMA \(pragma)")
                defer { select.finalize() }
                _ = try select.step()
                values.append(select.int(0))
            }
            return (values[0] - values[1]) * values[2]
        }
    }

    /// Decoding and encoding run on the readers' queue, never on the writer's: ingest waits only for each
    /// merged chunk's short replace transaction.
    /// With `policy.templateDictionaries`, images get their dictionary first, merged chunks use it, and the chunks
    /// left are encoded against it last (ADR 016).
    public func compactChunks(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome {
        var outcome = try await buildTemplateDictionaries(policy)
        outcome.add(try await compact(policy))
        outcome.add(try await recodeAgainstTemplateDictionaries(policy))
        return outcome
    }
}

extension SQLiteStore: CompactionSteps {
    package func instancesWithNewSmallChunks(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64] {
        try await read { db throws(StoreError) in try SQLiteCompaction.instancesWithNewSmallChunks(db: db, policy: policy) }
    }

    package func smallChunks(of instanceKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [CompactionPlanner.Candidate] {
        try await read { db throws(StoreError) in try SQLiteCompaction.smallChunks(db: db, instanceKey: instanceKey, policy: policy) }
    }

    package func merge(_ run: [CompactionPlanner.Candidate], instanceKey: Int64,
                       _ policy: CompactionPolicy) async throws(StoreError) -> (run: MergedRun?, corrupt: Int) {
        let maxUncompressedBytes = maxUncompressedBytesForQueries
        return try await read { db throws(StoreError) in
            try SQLiteCompaction.merge(db: db, run: run, instanceKey: instanceKey, policy: policy, maxUncompressedBytes: maxUncompressedBytes)
        }
    }

    package func replace(with merged: MergedRun) async throws(StoreError) -> Bool {
        try await write { writer throws(StoreError) in
            try writer.transaction { () throws(StoreError) -> Bool in try SQLiteCompaction.replace(writer, with: merged) }
        }
    }
}

/// The statements and steps of a compaction pass.
enum SQLiteCompaction {
    /// Instances with a small chunk whose id is in `policy.after...policy.horizon`.
    static func instancesWithNewSmallChunks(db: SQLiteDatabase, policy: CompactionPolicy) throws(StoreError) -> [Int64] {
        let select = try db.cached("""
            SELECT DISTINCT instance_key FROM chunks WHERE id > ?1 AND id <= ?2 AND line_count < ?3 ORDER BY instance_key
            """)
        defer { select.reset() }
        select.bind(1, policy.after)
        select.bind(2, policy.horizon)
        select.bind(3, policy.smallChunkLines)
        var keys: [Int64] = []
        while try select.step() { keys.append(select.int64(0)) }
        return keys
    }

    /// The instance's small chunks up to the horizon, in id (commit) order.
    static func smallChunks(db: SQLiteDatabase, instanceKey: Int64, policy: CompactionPolicy) throws(StoreError) -> [CompactionPlanner.Candidate] {
        let select = try db.cached("""
            SELECT id, image_key, min_time, max_time, line_count, uncompressed_bytes FROM chunks
            WHERE instance_key = ?1 AND id <= ?2 AND line_count < ?3 ORDER BY id
            """)
        defer { select.reset() }
        select.bind(1, instanceKey)
        select.bind(2, policy.horizon)
        select.bind(3, policy.smallChunkLines)
        var chunks: [CompactionPlanner.Candidate] = []
        while try select.step() {
            chunks.append(.init(id: select.int64(0), imageKey: select.int64(1), minTime: select.int64(2), maxTime: select.int64(3),
                                lineCount: select.int(4), uncompressedBytes: select.int(5)))
        }
        return chunks
    }

    /// Reads the run's chunks and merges them (``MergedRun/merge(_:stored:instanceKey:policy:templateDictionary:maxUncompressedBytes:)``).
    static func merge(db: SQLiteDatabase, run: [CompactionPlanner.Candidate], instanceKey: Int64, policy: CompactionPolicy,
                      maxUncompressedBytes: Int) throws(StoreError) -> (run: MergedRun?, corrupt: Int) {
        let select = try db.cached("""
            SELECT c.id, c.instance_key, c.image_key, c.min_time, c.max_time, c.line_count, c.severity_mask, c.severity_counts,
                   c.format, c.uncompressed_bytes, c.checksum, length(c.filter)
            FROM chunks c WHERE c.id = ?
            """)
        var stored: [Int64: MergedRun.Source] = [:]
        for chunk in run {
            select.bind(1, chunk.id)
            defer { select.reset() }
            guard try select.step() else { continue }
            let row = ChunkIndexRow(tailColumnsOf: select)
            let filterBytes = select.int(11)
            select.reset()
            guard let data = try SQLiteChunkData.read(db, id: row.id) else { continue }
            stored[chunk.id] = MergedRun.Source(row: row, data: data, filterBytes: filterBytes,
                                                templateDictionary: try db.templateDictionary(for: row.block(compressed: data)))
        }
        let dictionary = try run.first.map { chunk throws(StoreError) in try SQLiteTemplateDictionaries.dictionary(db: db, imageKey: chunk.imageKey) } ?? nil
        return MergedRun.merge(run, stored: stored, instanceKey: instanceKey, policy: policy, templateDictionary: dictionary,
                               maxUncompressedBytes: maxUncompressedBytes)
    }

    /// Inside the writer's transaction: deletes the sources and stores the merged chunk under the largest of
    /// their ids (their position). False (nothing written) when a source is gone or no longer the chunk that was merged.
    static func replace(_ writer: SQLiteWriter, with merged: MergedRun) throws(StoreError) -> Bool {
        let db = writer.db
        let ids = "[" + merged.sources.keys.sorted().map(String.init).joined(separator: ",") + "]"
        let current = try db.cached("SELECT id, checksum, instance_key FROM chunks WHERE id IN (SELECT value FROM json_each(?1))")
        current.bind(1, ids)
        var unchanged = 0
        while try current.step() {
            if merged.sources[current.int64(0)] == UInt32(truncatingIfNeeded: current.int64(1)), current.int64(2) == merged.instanceKey {
                unchanged += 1
            }
        }
        current.reset()
        guard unchanged == merged.sources.count else { return false }
        let delete = try db.cached("DELETE FROM chunks WHERE id IN (SELECT value FROM json_each(?1))")
        delete.bind(1, ids)
        try delete.step()
        delete.reset()
        for id in merged.sources.keys { try SQLiteChunkData.delete(db, id: id) }
        try writer.insertChunk(merged.block, instanceKey: merged.instanceKey, imageKey: merged.imageKey, id: merged.position, inPieces: true)
        return true
    }
}
