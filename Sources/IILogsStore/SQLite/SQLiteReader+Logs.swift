import Dispatch
import IILogsCore
import Synchronization

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

        // Chunks to read are decoded in parallel, a batch at a time (1, 2, 4, … up to maxParallelChunks, so
        // a query answered by its first chunk reads no more); lines are added in walk order, so the answer
        // and the early stop are those of a one-by-one walk (at most one batch is read beyond the stop).
        var batch: [ChunkIndexRow] = []
        var batchSize = 1
        var complete = false
        while !complete, try select.step() {
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
            batch.append(row)
            guard batch.count >= batchSize else { continue }
            complete = try read(batch, filter: filter, newestFirst: newestFirst, into: &collector, stats: &stats)
            batch.removeAll(keepingCapacity: true)
            batchSize = min(2 * batchSize, Self.maxParallelChunks)
        }
        if !complete && !batch.isEmpty {
            _ = try read(batch, filter: filter, newestFirst: newestFirst, into: &collector, stats: &stats)
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

    /// Chunks decoded at once by one query at most.
    static let maxParallelChunks = 16

    /// Reads `rows`' data, decodes and filters the chunks in parallel, and adds their matching lines to
    /// `collector` in `rows` order; true when the collector is complete before the last of them.
    func read(_ rows: [ChunkIndexRow], filter: LogLineFilter, newestFirst: Bool, into collector: inout LogQueryCollector,
              stats: inout QueryStats) throws(StoreError) -> Bool {
        let blobs = try rows.map { row throws(StoreError) in try chunkData(row) }
        let dictionaries = try zip(rows, blobs).map { row, blob throws(StoreError) in
            try blob.map { blob throws(StoreError) in try db.templateDictionary(for: row.block(compressed: blob)) } ?? nil
        }
        let results = Mutex([DecodedChunk?](repeating: nil, count: rows.count))
        let maxUncompressedBytes = maxUncompressedBytes
        DispatchQueue.concurrentPerform(iterations: rows.count) { i in
            guard let blob = blobs[i] else { return }
            let chunk = DecodedChunk(rows[i], blob: blob, templateDictionary: dictionaries[i], filter: filter,
                                     maxUncompressedBytes: maxUncompressedBytes)
            results.withLock { $0[i] = chunk }
        }
        let decoded = results.withLock { $0 }
        for (row, chunk) in zip(rows, decoded) {
            if collector.isComplete(nextChunkBound: newestFirst ? row.maxTime : row.minTime) { return true }
            guard let chunk, let matches = chunk.matches else {
                stats.chunksCorrupt += 1  // missing data or a damaged chunk: skipped, counted, never fatal
                continue
            }
            stats.countDecoded(row, read: chunk.read)
            for (index, record) in matches {
                collector.add(.init(time: record.time.nanosecondsSinceEpoch, chunkID: row.id, line: index,
                                    instanceKey: row.instanceKey, record: record))
            }
            collector.compact()
        }
        return false
    }

    /// The chunk's lines `filter` matches with their index in the chunk, or nil (counted in `chunksCorrupt`)
    /// when its bytes are missing or damaged.
    func decodeMatching(_ row: ChunkIndexRow, filter: LogLineFilter, stats: inout QueryStats) throws(StoreError) -> [(index: Int, record: LogRecord)]? {
        guard let blob = try chunkData(row) else {
            stats.chunksCorrupt += 1
            return nil
        }
        let chunk = DecodedChunk(row, blob: blob, templateDictionary: try db.templateDictionary(for: row.block(compressed: blob)), filter: filter,
                                 maxUncompressedBytes: maxUncompressedBytes)
        guard let matches = chunk.matches else {
            stats.chunksCorrupt += 1
            return nil
        }
        stats.countDecoded(row, read: chunk.read)
        return matches
    }

    /// The chunk's compressed bytes, nil when its data row is missing.
    func chunkData(_ row: ChunkIndexRow) throws(StoreError) -> [UInt8]? {
        try SQLiteChunkData.read(db, id: row.id)
    }
}

/// One chunk decoded and filtered off the reading thread.
private struct DecodedChunk: Sendable {
    /// The matching lines with their index in the chunk; nil when the chunk could not be decoded.
    var matches: [(index: Int, record: LogRecord)]?
    /// What decoding it inflated and skipped.
    var read = LogBlockReadStats()

    init(_ row: ChunkIndexRow, blob: [UInt8], templateDictionary: TemplateDictionary?, filter: LogLineFilter, maxUncompressedBytes: Int) {
        // Only the matching lines are built: a grep keeps a few lines of a thousand, and inflates only the
        // message sections whose token filter holds the phrase's tokens.
        matches = try? filter.matchingLines(of: row.block(compressed: blob), templateDictionary: templateDictionary,
                                            maxUncompressedBytes: maxUncompressedBytes, stats: &read)
    }
}
