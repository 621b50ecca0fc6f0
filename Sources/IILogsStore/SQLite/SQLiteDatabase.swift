internal import CSQLite
import IILogsCore

/// One SQLite connection (a thin wrapper over the C API, opened `SQLITE_OPEN_NOMUTEX`).
///
/// `@unchecked Sendable` only so a connection can be handed between threads (the reader pool): it is
/// never used by two threads at once — ``SQLiteStore`` documents who owns it when.
final class SQLiteDatabase: @unchecked Sendable {
    /// Milliseconds a connection waits on a lock held by another process before SQLITE_BUSY.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    let path: String
    private(set) var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]
    /// Template dictionaries this connection has read (immutable once stored, ids never reused: ADR 016).
    var templateDictionaries = TemplateDictionaryCache()

    /// Opens `path`; `readOnly` never creates or writes the file.
    init(path: String, readOnly: Bool) throws(StoreError) {
        self.path = path
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StoreError(.unavailable, "cannot open \(path): \(message) (sqlite \(rc))")
        }
        handle = db
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    /// Finalises cached statements and closes the connection.
    func close() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements without results (DDL, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws(StoreError) {
        guard let handle else { throw StoreError(.closed, "database \(path) is closed") }
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "sqlite \(rc)"
            sqlite3_free(errorMessage)
            throw StoreError(rc == SQLITE_BUSY || rc & 0xFF == SQLITE_BUSY ? .unavailable : .io, "\(message) in: \(sql.prefix(120))")
        }
    }

    /// A prepared statement for `sql`, cached for the connection's lifetime and reset before reuse.
    func cached(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let statement = statements[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }

    /// A new prepared statement the caller finalises (or drops).
    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        guard let handle else { throw StoreError(.closed, "database \(path) is closed") }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw error(rc, "preparing \(sql.prefix(120))")
        }
        return SQLiteStatement(statement, database: self)
    }

    /// The rowid of the last INSERT on this connection.
    var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Rows changed by the last INSERT/UPDATE/DELETE.
    var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

    /// A ``StoreError`` carrying SQLite's own message for `rc`.
    func error(_ rc: Int32, _ context: String) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        let code: StoreError.Code = switch rc & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: .unavailable
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corruptChunk
        default: .io
        }
        return StoreError(code, "\(context): \(message) (sqlite \(rc))")
    }
}
