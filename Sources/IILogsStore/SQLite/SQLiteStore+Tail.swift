extension SQLiteStore {
    /// Live-tail pages (see ``LogStore/tailLogs(_:after:maxLines:maxChunks:)``), each in one read snapshot.
    public func tailLogs(_ query: LogQuery, after cursor: LogTailCursor?, maxLines: Int, maxChunks: Int) async throws(StoreError) -> LogTailPage {
        guard query.limit >= 0 else { throw StoreError(.invalidQuery, "limit \(query.limit) must be 0 (no limit) or more") }
        guard maxLines > 0, maxChunks > 0 else {
            throw StoreError(.invalidQuery, "tail page limits must be positive, got maxLines \(maxLines), maxChunks \(maxChunks)")
        }
        let maxBytes = maxUncompressedBytesForQueries
        return try await read { db throws(StoreError) in
            let tail = SQLiteLogTail(db: db, query: query, maxUncompressedBytes: maxBytes)
            if let cursor { return try tail.page(after: cursor, maxLines: maxLines, maxChunks: maxChunks) }
            return try tail.start()
        }
    }
}
