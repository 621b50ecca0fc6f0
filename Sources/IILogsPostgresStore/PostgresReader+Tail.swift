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

    /// The first page: the backlog `queryLogs` returns for chunks below the horizon, and the horizon.
    func start() async throws -> LogTailPage {
        let horizon = try await horizon()
        let backlog = try await PostgresLogQuery(connection: connection, logger: logger, query: query, maxUncompressedBytes: maxUncompressedBytes)
            .run(xidBelow: horizon)
        return LogTailPage(lines: backlog.lines, cursor: LogTailCursor(chunkID: horizon), hasMore: false)
    }

    /// Lines of the scope's chunks with xid ≥ `cursor` below the horizon, in commit order, whole chunks at a time.
    func page(after cursor: LogTailCursor, maxLines: Int, maxChunks: Int) async throws -> LogTailPage {
        let horizon = try await horizon()
        let reader = PostgresLogQuery(connection: connection, logger: logger, query: query, maxUncompressedBytes: maxUncompressedBytes)
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
            if filter.admits(row.index, tokenFilterBytes: row.filter), let records = try await reader.decode(row.index, stats: &stats) {
                for record in records where filter.matches(record) { matched.append((row.index.instanceKey, record)) }
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
    /// Transaction ids are shared by every database of the server. A running transaction is left out only when
    /// `pg_stat_activity` shows it belongs to a session of another database (it can never write these chunks); one
    /// that finished meanwhile, or whose session is hidden from this user, counts, which only delays lines.
    private func horizon() async throws -> Int64 {
        guard let row = try await connection.firstRow("""
            WITH snapshot AS (SELECT pg_current_snapshot() AS s),
            elsewhere AS (SELECT backend_xid::text::bigint AS x FROM pg_stat_activity
                          WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())
            SELECT (SELECT max(xid) FROM chunks),
                   (SELECT pg_snapshot_xmax(s)::text::bigint FROM snapshot),
                   (SELECT min(x::text::bigint) FROM snapshot, pg_snapshot_xip(snapshot.s) AS x
                    WHERE x::text::bigint NOT IN (SELECT x FROM elsewhere))
            """, logger) else { throw StoreError(.io, "no snapshot horizon") }
        guard let newest = try row.optionalInt64(0) else { return 0 }
        let running = try row.optionalInt64(2) ?? row.int64(1)
        return min(running, newest + 1)
    }
}
