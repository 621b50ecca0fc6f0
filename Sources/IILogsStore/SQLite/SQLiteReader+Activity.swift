import IILogsCore

/// Per-image activity from the `chunks` index alone (see ``ImageActivity`` for how chunks are attributed).
///
/// One range scan of `chunks_by_image(image_key, max_time)` per image: the cost is the number of chunks in
/// the window, never their bytes.
struct SQLiteActivityReader {
    let db: SQLiteDatabase

    func activity(_ query: ActivityQuery) throws(StoreError) -> [ImageActivity] {
        var images: [(key: Int64, version: String)] = []
        let list = try db.cached("SELECT key, version FROM images ORDER BY version")
        defer { list.reset() }
        while try list.step() { images.append((list.int64(0), list.string(1))) }

        let select = try db.cached("""
            SELECT max_time, line_count, severity_counts FROM chunks
            WHERE image_key = ?1 AND max_time >= ?2 AND max_time < ?3
            """)
        var out: [ImageActivity] = []
        for image in images {
            var activity = ImageActivity(imageVersion: image.version, steps: query.steps)
            select.bind(1, image.key)
            select.bind(2, query.since.nanosecondsSinceEpoch)
            select.bind(3, query.until.nanosecondsSinceEpoch)
            defer { select.reset() }
            while try select.step() {
                guard let index = query.stepIndex(of: Timestamp(nanosecondsSinceEpoch: select.int64(0))) else { continue }
                activity.lines[index] += select.int(1)
                activity.errorLines[index] += ImageActivity.errorCount(ChunkIndexRow.decodeSeverityCounts(select.blob(2)))
            }
            out.append(activity)
        }
        return out
    }
}

extension SQLiteStore {
    public func imageActivity(_ query: ActivityQuery) async throws(StoreError) -> [ImageActivity] {
        try query.validate()
        return try await read { db throws(StoreError) in try SQLiteActivityReader(db: db).activity(query) }
    }
}
