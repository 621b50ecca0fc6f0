import IILogsCore

/// Live-tail pages over one read connection (see ``SQLiteStore/tailLogs(_:after:maxLines:maxChunks:)``).
///
/// Every page runs in one read transaction (a WAL snapshot), so the cursor it returns and the lines it
/// returns describe the same set of committed chunks.
struct SQLiteLogTail {
    let db: SQLiteDatabase
    let query: LogQuery
    let maxUncompressedBytes: Int

    /// The first page: the backlog `queryLogs` returns, and the newest chunk id of the same snapshot.
    func start() throws(StoreError) -> LogTailPage {
        try inSnapshot { () throws(StoreError) -> LogTailPage in
            let cursor = try newestChunkID()
            let backlog = try SQLiteLogQuery(db: db, query: query, maxUncompressedBytes: maxUncompressedBytes).run()
            return LogTailPage(lines: backlog.lines, cursor: LogTailCursor(chunkID: cursor), hasMore: false)
        }
    }

    /// Lines of chunks with id > `cursor` in the query's scope, in id (commit) order, whole chunks at a time.
    func page(after cursor: LogTailCursor, maxLines: Int, maxChunks: Int) throws(StoreError) -> LogTailPage {
        try inSnapshot { () throws(StoreError) -> LogTailPage in
            let reader = SQLiteLogQuery(db: db, query: query, maxUncompressedBytes: maxUncompressedBytes)
            guard let (scopeColumn, scopeKey) = try reader.resolveScope() else {
                // Unknown instance or image: it can only appear in chunks committed after this snapshot.
                return LogTailPage(lines: [], cursor: max(cursor, LogTailCursor(chunkID: try newestChunkID())), hasMore: false)
            }
            let filter = LogLineFilter(query)
            // `+column` keeps SQLite on the rowid range: after a cursor near the end it is the short walk.
            let whereScope = scopeColumn.map { " AND +\($0) = ?3" } ?? ""
            let select = try db.cached("""
                SELECT id, instance_key, image_key, min_time, max_time, line_count, severity_mask, severity_counts,
                       format, uncompressed_bytes, checksum, filter
                FROM chunks WHERE id > ?1\(whereScope) ORDER BY id LIMIT ?2
                """)
            select.bind(1, cursor.chunkID)
            select.bind(2, max(1, maxChunks))
            if let scopeKey { select.bind(3, scopeKey) }
            defer { select.reset() }

            var stats = QueryStats()
            var matched: [(instanceKey: Int64, record: LogRecord)] = []
            var last = cursor
            var chunksRead = 0
            var stoppedEarly = false
            while try select.step() {
                let row = ChunkIndexRow(tailColumnsOf: select)
                last = LogTailCursor(chunkID: row.id)
                chunksRead += 1
                if filter.admits(row, tokenFilterBytes: select.blob(11)), let matches = try reader.decodeMatching(row, filter: filter, stats: &stats) {
                    for (_, record) in matches { matched.append((row.instanceKey, record)) }
                }
                if matched.count >= max(1, maxLines) {
                    stoppedEarly = true
                    break
                }
            }
            let hasMore = stoppedEarly || chunksRead >= max(1, maxChunks)
            if !hasMore {
                // Every chunk of the scope in this snapshot is read: skip other scopes' chunks next time.
                last = max(last, LogTailCursor(chunkID: try newestChunkID()))
            }
            let names = try InstanceNames(db: db)
            var lines: [StoredLogLine] = []
            lines.reserveCapacity(matched.count)
            for (instanceKey, record) in matched {
                let (instanceID, imageVersion) = try names.lookup(instanceKey)
                lines.append(StoredLogLine(instanceID: instanceID, imageVersion: imageVersion, record: record))
            }
            return LogTailPage(lines: lines, cursor: last, hasMore: hasMore)
        }
    }

    private func newestChunkID() throws(StoreError) -> Int64 {
        let select = try db.cached("SELECT coalesce(max(id), 0) FROM chunks")
        defer { select.reset() }
        guard try select.step() else { return 0 }
        return select.int64(0)
    }

    /// Runs `body` in one read transaction, so all its statements see the same committed state.
    private func inSnapshot<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try db.execute("BEGIN")
        let result: T
        do {
            result = try body()
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        try db.execute("COMMIT")
        return result
    }
}

extension LogLineFilter {
    /// False when the chunk's index row proves no line can match (severity summary, token filter).
    package func admits(_ row: ChunkIndexRow, tokenFilterBytes: [UInt8]) -> Bool {
        if let minSeverity, !row.hasLines(atLeast: minSeverity) { return false }
        if let grep, !grep.tokenHashes.isEmpty, let tokenFilter = TokenFilter(bytes: tokenFilterBytes),
           !tokenFilter.mightContainAll(grep.tokenHashes) {
            return false
        }
        return true
    }
}

extension ChunkIndexRow {
    /// The row from a `SELECT id, instance_key, image_key, min_time, max_time, line_count, severity_mask,
    /// severity_counts, format, uncompressed_bytes, checksum …` statement.
    init(tailColumnsOf select: SQLiteStatement) {
        self.init(
            id: select.int64(0), instanceKey: select.int64(1), imageKey: select.int64(2),
            minTime: select.int64(3), maxTime: select.int64(4), lineCount: UInt32(truncatingIfNeeded: select.int64(5)),
            severityMask: select.int64(6), severityCounts: ChunkIndexRow.decodeSeverityCounts(select.blob(7)),
            formatVersion: UInt8(truncatingIfNeeded: select.int64(8)),
            uncompressedBytes: UInt32(truncatingIfNeeded: select.int64(9)), checksum: UInt32(truncatingIfNeeded: select.int64(10)))
    }
}
