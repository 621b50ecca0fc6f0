import IILogsCore
import IILogsStore
import PostgresNIO

/// Per-image activity from the `chunks` index columns alone (see ``ImageActivity`` for how chunks are attributed).
struct PostgresActivityReader {
    let connection: PostgresConnection
    let logger: Logger

    func activity(_ query: ActivityQuery) async throws -> [ImageActivity] {
        let images = try await connection.rows("SELECT key, version FROM images ORDER BY version COLLATE \"C\"", logger)
        var out: [ImageActivity] = []
        for image in images {
            var activity = ImageActivity(imageVersion: try image.string(1), steps: query.steps)
            let rows = try await connection.rows("""
                SELECT max_time, line_count, severity_counts FROM chunks
                WHERE image_key = \(try image.int64(0)) AND max_time >= \(query.since.nanosecondsSinceEpoch)
                  AND max_time < \(query.until.nanosecondsSinceEpoch)
                """, logger)
            for row in rows {
                guard let index = query.stepIndex(of: Timestamp(nanosecondsSinceEpoch: try row.int64(0))) else { continue }
                activity.lines[index] += try row.int(1)
                activity.errorLines[index] += ImageActivity.errorCount(ChunkIndexRow.decodeSeverityCounts(try row.bytes(2)))
            }
            out.append(activity)
        }
        return out
    }
}
