import IILogsCore
import IILogsStore
import PostgresNIO

/// Live-tail pages in one REPEATABLE READ snapshot each (see ``PostgresStore/tailLogs(_:after:maxLines:maxChunks:)``).
///
/// Chunk ids come from a sequence and are not in commit order once several transactions (or collectors) write at
/// once, so the cursor is a transaction id instead: a page reads chunks with `xid` in [cursor, horizon), where the
/// horizon is at most the oldest transaction of this database still running at the snapshot (``horizon()``): every
/// transaction below it has finished, so no chunk can appear there later. The next cursor is the horizon. A store
/// transaction writes at most one chunk, so a page that stops early ends exactly after a transaction. Chunks
/// committed above the horizon wait for the next page.
struct PostgresLogTail {
    let connection: PostgresConnection
    let logger: Logger
    let query: LogQuery
    let maxUncompressedBytes: Int
    let dictionaries: PostgresTemplateDictionaries
    /// ``transactionsOfOtherDatabases(_:_:)``, read just before this page's snapshot.
    let elsewhere: Set<Int64>

    /// The first page: the backlog `queryLogs` returns for chunks below the horizon, and the horizon.
    func start() async throws -> LogTailPage {
        let horizon = try await horizon()
        let backlog = try await PostgresLogQuery(connection: connection, logger: logger, query: query, maxUncompressedBytes: maxUncompressedBytes,
                                         dictionaries: dictionaries)
            .run(xidBelow: horizon)
        return LogTailPage(lines: backlog.lines, cursor: LogTailCursor(chunkID: horizon), hasMore: false)
    }

    /// Lines of the scope's chunks with xid ≥ `cursor` below the horizon, in commit order, whole chunks at a time.
    func page(after cursor: LogTailCursor, maxLines: Int, maxChunks: Int) async throws -> LogTailPage {
        let horizon = try await horizon()
        let reader = PostgresLogQuery(connection: connection, logger: logger, query: query, maxUncompressedBytes: maxUncompressedBytes,
                                         dictionaries: dictionaries)
        guard let scope = try await reader.resolveScope() else {
            // Unknown instance or image: it can only appear in chunks committed after this snapshot.
            return LogTailPage(lines: [], cursor: max(cursor, LogTailCursor(chunkID: horizon)), hasMore: false)
        }
        let filter = LogLineFilter(query)
        let column = scope.column ?? "instance_key"
        let rows = try await connection.rows("""
            SELECT \(unescaped: IndexRow.columns) FROM chunks
            WHERE xid >= \(cursor.chunkID) AND xid < \(horizon) AND (\(scope.key)::bigint IS NULL OR \(unescaped: column) = \(scope.key))
            ORDER BY xid, id LIMIT \(Int64(max(1, maxChunks)))
            """, logger).map(IndexRow.init)
        var stats = QueryStats()
        var matched: [(instanceKey: Int64, record: LogRecord)] = []
        var last = cursor
        var stoppedEarly = false
        for row in rows {
            last = max(last, LogTailCursor(chunkID: row.xid + 1))
            if filter.admits(row.index, tokenFilterBytes: row.filter),
               let matches = try await reader.decodeMatching(row.index, filter: filter, stats: &stats) {
                for (_, record) in matches { matched.append((row.index.instanceKey, record)) }
            }
            if matched.count >= max(1, maxLines) {
                stoppedEarly = true
                break
            }
        }
        let hasMore = stoppedEarly || rows.count >= max(1, maxChunks)
        if !hasMore {
            // Every chunk of the scope below the horizon is read: skip other scopes' chunks next time.
            last = max(last, LogTailCursor(chunkID: horizon))
        }
        let names = PostgresInstanceNames(connection: connection, logger: logger)
        var lines: [StoredLogLine] = []
        lines.reserveCapacity(matched.count)
        for (instanceKey, record) in matched {
            let (instanceID, imageVersion) = try await names.lookup(instanceKey)
            lines.append(StoredLogLine(instanceID: instanceID, imageVersion: imageVersion, record: record))
        }
        return LogTailPage(lines: lines, cursor: last, hasMore: hasMore)
    }

    /// The lowest transaction id a chunk not yet visible can have: the oldest transaction still running at the
    /// snapshot (or the snapshot's `xmax` when none is), or just after the newest chunk's transaction when that is
    /// lower (so a store nobody writes to keeps its cursor however other databases of the server move the
    /// counter); 0 while the store has no chunk.
    ///
    /// Transaction ids are shared by every database of the server. A running transaction is left out only when it is
    /// in ``elsewhere``: it belonged to a session of another database just before the snapshot, so it can never write
    /// these chunks. Any other one counts (one that got its id after that read, or whose session is hidden from this
    /// user), which only delays lines to the next page.
    private func horizon() async throws -> Int64 {
        try await Self.horizon(connection, logger, elsewhere: elsewhere)
    }

    /// ``horizon()`` in the current snapshot of `connection`, for a reader that is not a tail page (compaction).
    static func horizon(_ connection: PostgresConnection, _ logger: Logger, elsewhere: Set<Int64>) async throws -> Int64 {
        guard let row = try await connection.firstRow("""
            SELECT (SELECT max(xid) FROM chunks), pg_snapshot_xmax(pg_current_snapshot())::text::bigint
            """, logger) else { throw StoreError(.io, "no snapshot horizon") }
        guard let newest = try row.optionalInt64(0) else { return 0 }
        var horizon = min(try row.int64(1), newest + 1)
        for running in try await connection.rows("SELECT x::text::bigint FROM pg_snapshot_xip(pg_current_snapshot()) AS x", logger) {
            let xid = try running.int64(0)
            if !elsewhere.contains(xid) { horizon = min(horizon, xid) }
        }
        return horizon
    }

    /// Ids of the transactions running now in sessions of other databases of the server. Read before a page's
    /// snapshot is taken (a transaction that ends in between is then simply not in the snapshot).
    static func transactionsOfOtherDatabases(_ connection: PostgresConnection, _ logger: Logger) async throws -> Set<Int64> {
        Set(try await connection.rows("""
            SELECT backend_xid::text::bigint FROM pg_stat_activity
            WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()
            """, logger).map { try $0.int64(0) })
    }
}
