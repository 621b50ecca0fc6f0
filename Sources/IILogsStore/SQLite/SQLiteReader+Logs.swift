import IILogsCore

/// Log queries over one read connection (see ``SQLiteStore/queryLogs(_:)``).
struct SQLiteLogQuery {
    let db: SQLiteDatabase
    let query: LogQuery
    let maxUncompressedBytes: Int

    func run() throws(StoreError) -> LogQueryResult {
        var stats = QueryStats()
        let filter = LogLineFilter(query)
        var collector = LogQueryCollector(limit: query.limit, keep: query.keep)
        guard let (scopeColumn, scopeKey) = try resolveScope() else { return LogQueryResult(lines: [], stats: stats) }

        let newestFirst = query.keep == .newest && query.limit > 0
        let whereScope = scopeColumn.map { "\($0) = ?3 AND " } ?? ""
        let order = newestFirst ? "max_time DESC, id DESC" : "min_time ASC, id ASC"
        let select = try db.cached("""
            SELECT id, instance_key, image_key, min_time, max_time, line_count, severity_mask, severity_counts,
                   format, uncompressed_bytes, checksum\(filter.grep == nil ? "" : ", filter")
            FROM chunks WHERE \(whereScope)max_time >= ?1 AND min_time < ?2 ORDER BY \(order)
            """)
        select.bind(1, filter.since)
        select.bind(2, filter.until)
        if let scopeKey { select.bind(3, scopeKey) }
        defer { select.reset() }

        while try select.step() {
            let row = ChunkIndexRow(
                id: select.int64(0), instanceKey: select.int64(1), imageKey: select.int64(2),
                minTime: select.int64(3), maxTime: select.int64(4), lineCount: UInt32(truncatingIfNeeded: select.int64(5)),
                severityMask: select.int64(6), severityCounts: ChunkIndexRow.decodeSeverityCounts(select.blob(7)),
                formatVersion: UInt8(truncatingIfNeeded: select.int64(8)),
                uncompressedBytes: UInt32(truncatingIfNeeded: select.int64(9)), checksum: UInt32(truncatingIfNeeded: select.int64(10)))
            if collector.isComplete(nextChunkBound: newestFirst ? row.maxTime : row.minTime) { break }
            stats.chunksConsidered += 1
            if let minSeverity = filter.minSeverity, !row.hasLines(atLeast: minSeverity) {
                stats.chunksSkippedBySeverity += 1
                continue
            }
            if let grep = filter.grep, !grep.tokenHashes.isEmpty {
                let tokenFilter = TokenFilter(bytes: select.blob(11))
                if let tokenFilter, !tokenFilter.mightContainAll(grep.tokenHashes) {
                    stats.chunksSkippedByFilter += 1
                    continue
                }
            }
            guard let records = try decode(row, stats: &stats) else { continue }
            for (index, record) in records.enumerated() where filter.matches(record) {
                collector.add(.init(time: record.time.nanosecondsSinceEpoch, chunkID: row.id, line: index,
                                    instanceKey: row.instanceKey, record: record))
            }
            collector.compact()
        }
        let names = try InstanceNames(db: db)
        var lines: [StoredLogLine] = []
        for entry in collector.finish() {
            let (instanceID, imageVersion) = try names.lookup(entry.instanceKey)
            lines.append(StoredLogLine(instanceID: instanceID, imageVersion: imageVersion, record: entry.record))
        }
        return LogQueryResult(lines: lines, stats: stats)
    }

    /// (column, key) to restrict chunks by; nil when the named instance or image is unknown.
    func resolveScope() throws(StoreError) -> (String?, Int64?)? {
        let sql: String
        let name: String
        switch query.scope {
        case .all: return (nil, nil)
        case .instance(let id): (sql, name) = ("SELECT key FROM instances WHERE instance_id = ?", id)
        case .image(let version): (sql, name) = ("SELECT key FROM images WHERE version = ?", version)
        }
        let select = try db.cached(sql)
        select.bind(1, name)
        defer { select.reset() }
        guard try select.step() else { return nil }
        if case .instance = query.scope { return ("instance_key", select.int64(0)) }
        return ("image_key", select.int64(0))
    }

    /// The chunk's lines, or nil (counted in `chunksCorrupt`) when its bytes are missing or damaged.
    func decode(_ row: ChunkIndexRow, stats: inout QueryStats) throws(StoreError) -> [LogRecord]? {
        let select = try db.cached("SELECT data FROM chunk_data WHERE id = ?")
        select.bind(1, row.id)
        defer { select.reset() }
        guard try select.step() else {
            stats.chunksCorrupt += 1
            return nil
        }
        do {
            let records = try LogBlockCodec.decode(row.block(compressed: select.blob(0)), maxUncompressedBytes: maxUncompressedBytes)
            stats.chunksDecoded += 1
            stats.bytesDecoded += Int(row.uncompressedBytes)
            stats.linesScanned += records.count
            return records
        } catch {
            stats.chunksCorrupt += 1
            return nil
        }
    }
}
