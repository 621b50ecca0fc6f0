import IILogsCore
import IILogsStore
import PostgresNIO

/// Log queries over one connection inside a read snapshot (see ``PostgresStore/queryLogs(_:)``); the same pruning
/// as the SQLite store: time range, severity summary and token filter from the index columns, bytes read only for
/// chunks that may match, walk stopped once the limit cannot change.
struct PostgresLogQuery {
    let connection: PostgresConnection
    let logger: Logger
    let query: LogQuery
    let maxUncompressedBytes: Int
    /// Where a version-6 chunk's dictionary is read (ADR 016).
    let dictionaries: PostgresTemplateDictionaries

    /// The query's scope as a key column and key; nil when the named instance or image is unknown.
    struct Scope {
        var column: String?
        var key: Int64?
    }

    /// - Parameter xidBelow: only chunks written by transactions before this id (a live tail's first page).
    func run(xidBelow: Int64 = .max) async throws -> LogQueryResult {
        var stats = QueryStats()
        let filter = LogLineFilter(query)
        var collector = LogQueryCollector(limit: query.limit, keep: query.keep)
        guard let scope = try await resolveScope() else { return LogQueryResult(lines: [], stats: stats) }
        let newestFirst = query.keep == .newest && query.limit > 0
        var after: (time: Int64, id: Int64)?
        walk: while true {
            let rows = try await indexPage(scope: scope, filter: filter, newestFirst: newestFirst, after: after, xidBelow: xidBelow)
            for row in rows {
                let index = row.index
                after = (newestFirst ? index.maxTime : index.minTime, index.id)
                if collector.isComplete(nextChunkBound: newestFirst ? index.maxTime : index.minTime) { break walk }
                stats.chunksConsidered += 1
                if let minSeverity = filter.minSeverity, !index.hasLines(atLeast: minSeverity) {
                    stats.chunksSkippedBySeverity += 1
                    continue
                }
                if let grep = filter.grep, !grep.tokenHashes.isEmpty, let tokenFilter = TokenFilter(bytes: row.filter),
                   !tokenFilter.mightContainAll(grep.tokenHashes) {
                    stats.chunksSkippedByFilter += 1
                    continue
                }
                guard let matches = try await decodeMatching(index, filter: filter, stats: &stats) else { continue }
                for (line, record) in matches {
                    collector.add(.init(time: record.time.nanosecondsSinceEpoch, chunkID: index.id, line: line,
                                        instanceKey: index.instanceKey, record: record))
                }
                collector.compact()
            }
            if rows.count < PostgresStore.indexPageSize { break }
        }
        let names = PostgresInstanceNames(connection: connection, logger: logger)
        var lines: [StoredLogLine] = []
        for entry in collector.finish() {
            let (instanceID, imageVersion) = try await names.lookup(entry.instanceKey)
            lines.append(StoredLogLine(instanceID: instanceID, imageVersion: imageVersion, record: entry.record))
        }
        return LogQueryResult(lines: lines, stats: stats)
    }

    /// One page of index rows in walk order after `after` (keyset pagination on (bound, id)).
    private func indexPage(scope: Scope, filter: LogLineFilter, newestFirst: Bool, after: (time: Int64, id: Int64)?,
                           xidBelow: Int64) async throws -> [IndexRow] {
        let column = scope.column ?? "instance_key"
        let scopeKey = scope.key
        let boundColumn = newestFirst ? "max_time" : "min_time"
        let direction = newestFirst ? "DESC" : "ASC"
        let comparison = newestFirst ? "<" : ">"
        let query: PostgresQuery = """
            SELECT \(unescaped: IndexRow.columns)
            FROM chunks WHERE (\(scopeKey)::bigint IS NULL OR \(unescaped: column) = \(scopeKey))
              AND max_time >= \(filter.since) AND min_time < \(filter.until) AND xid < \(xidBelow)
              AND (\(after?.time)::bigint IS NULL OR (\(unescaped: boundColumn), id) \(unescaped: comparison) (\(after?.time), \(after?.id)))
            ORDER BY \(unescaped: boundColumn) \(unescaped: direction), id \(unescaped: direction) LIMIT \(Int64(PostgresStore.indexPageSize))
            """
        return try await connection.rows(query, logger).map(IndexRow.init)
    }

    func resolveScope() async throws -> Scope? {
        switch query.scope {
        case .all:
            return Scope(column: nil, key: nil)
        case .instance(let id):
            guard let row = try await connection.firstRow("SELECT key FROM instances WHERE instance_id = \(id)", logger) else { return nil }
            return Scope(column: "instance_key", key: try row.int64(0))
        case .image(let version):
            guard let row = try await connection.firstRow("SELECT key FROM images WHERE version = \(version)", logger) else { return nil }
            return Scope(column: "image_key", key: try row.int64(0))
        }
    }

    /// The chunk's lines `filter` matches with their index in the chunk, built alone (message sections
    /// the grep's tokens rule out stay compressed); nil (counted in `chunksCorrupt`) when missing or damaged.
    func decodeMatching(_ index: ChunkIndexRow, filter: LogLineFilter, stats: inout QueryStats) async throws -> [(index: Int, record: LogRecord)]? {
        guard let row = try await connection.firstRow("SELECT data FROM chunks WHERE id = \(index.id) AND max_time = \(index.maxTime)", logger) else {
            stats.chunksCorrupt += 1
            return nil
        }
        do {
            var read = LogBlockReadStats()
            let block = index.block(compressed: try row.bytes(0))
            let matches = try filter.matchingLines(of: block, templateDictionary: try await dictionaries.dictionary(for: block, connection, logger),
                                                   maxUncompressedBytes: maxUncompressedBytes, stats: &read)
            stats.countDecoded(index, read: read)
            return matches
        } catch {
            stats.chunksCorrupt += 1
            return nil
        }
    }
}

/// A `chunks` row without its bytes: the index columns, the token filter and the writing transaction.
struct IndexRow {
    static let columns = """
        id, instance_key, image_key, min_time, max_time, line_count, severity_mask, severity_counts, format, uncompressed_bytes, \
        checksum, filter, xid
        """
    var index: ChunkIndexRow
    var filter: [UInt8]
    var xid: Int64

    init(_ row: PGRow) throws {
        index = ChunkIndexRow(
            id: try row.int64(0), instanceKey: try row.int64(1), imageKey: try row.int64(2), minTime: try row.int64(3),
            maxTime: try row.int64(4), lineCount: UInt32(truncatingIfNeeded: try row.int64(5)), severityMask: try row.int64(6),
            severityCounts: ChunkIndexRow.decodeSeverityCounts(try row.bytes(7)),
            formatVersion: UInt8(truncatingIfNeeded: try row.int64(8)), uncompressedBytes: UInt32(truncatingIfNeeded: try row.int64(9)),
            checksum: UInt32(truncatingIfNeeded: try row.int64(10)))
        filter = try row.bytes(11)
        xid = try row.int64(12)
    }
}

/// instance key → (instance ID, image version), loaded on first use per query.
final class PostgresInstanceNames {
    private let connection: PostgresConnection
    private let logger: Logger
    private var names: [Int64: (String, String)] = [:]

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func lookup(_ key: Int64) async throws -> (String, String) {
        if let found = names[key] { return found }
        let row = try await connection.firstRow("""
            SELECT instances.instance_id, images.version FROM instances JOIN images ON images.key = instances.image_key
            WHERE instances.key = \(key)
            """, logger)
        let found = try row.map { (try $0.string(0), try $0.string(1)) } ?? ("", "")
        names[key] = found
        return found
    }
}
