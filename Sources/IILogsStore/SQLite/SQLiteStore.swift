internal import Dispatch
internal import FoundationEssentials
public import IILogsCore
public import Logging
import Synchronization

/// The embedded default store: one SQLite database (WAL) named `iilogs.sqlite` in a data folder.
///
/// Invariants that make this class `Sendable` (checked by hand, hence `@unchecked`):
/// 1. The writer connection and its caches (``SQLiteWriter``) are touched only by blocks on `writeQueue`,
///    a serial queue: one write transaction at a time. Appends, stream openings and flags wait in `pendingWrites`
///    (under its mutex) and are committed in groups by a drain block on that queue (SQLiteStore+GroupCommit.swift).
/// 2. A read connection is used by one block at a time: blocks on `readQueue` take one from `idleReaders`
///    (under its mutex) after taking a `readerSlots` permit, and give it back before returning.
/// 3. `state` (open/closed) is read and written under its mutex; after `close()` every call throws `.closed`.
/// 4. Callers never run SQLite on their own executor: every call hops to a queue and resumes through a
///    continuation.
public final class SQLiteStore: LogStore, @unchecked Sendable {
    /// Database file name inside the data folder.
    public static let fileName = "iilogs.sqlite"
    /// Read connections opened at most (WAL lets them read while the writer commits).
    public static let maxReaders = 4
    /// Page size of a new database file (SQLite's default is 4096). A chunk's blob is ~30 KB: its overflow
    /// pages are full, and the rest sits in a table leaf. With 4 KiB pages each such rest took a leaf of its
    /// own, 1.3 KB of it unused, and two `chunks` rows (each with a ~1.5 KB token filter) filled a page; 8 KiB
    /// pages pack them, ~1.1 B/line less on the 10M-line benchmark (ADR 013). Existing files keep theirs: SQLite
    /// changes a WAL database's page size only by a VACUUM out of WAL mode.
    public static let pageSize = 8192

    public let directory: String
    public let readOnly: Bool
    let path: String
    private let logger: Logger
    package let maxUncompressedBytesForQueries: Int
    let writeQueue = DispatchQueue(label: "iilogs.store.sqlite.writer")
    private let readQueue = DispatchQueue(label: "iilogs.store.sqlite.readers", attributes: .concurrent)
    private let readerSlots = DispatchSemaphore(value: SQLiteStore.maxReaders)
    let writer: SQLiteWriter?
    private let idleReaders = Mutex<[SQLiteDatabase]>([])
    let isClosed = Mutex(false)
    let pendingWrites = Mutex(PendingWrites())

    /// Opens (creating and migrating when needed) the store in `directory` for reading and writing.
    /// - Parameter synchronous: `.full` (default) survives power loss; `.normal` survives kill -9 only.
    public convenience init(directory: String, synchronous: SQLiteSynchronous = .full,
                            maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes, logger: Logger) throws(StoreError) {
        try self.init(directory: directory, readOnly: false, synchronous: synchronous, maxUncompressedBytes: maxUncompressedBytes, logger: logger)
    }

    /// Opens a store; `readOnly: true` (the CLI's `--data DIR`) never writes and works on a folder
    /// copied from a collector. Appends to a read-only store throw `.unavailable`.
    public init(directory: String, readOnly: Bool, synchronous: SQLiteSynchronous = .full,
                maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes, logger: Logger) throws(StoreError) {
        self.directory = directory
        self.readOnly = readOnly
        self.path = directory.hasSuffix("/") ? directory + Self.fileName : directory + "/" + Self.fileName
        self.logger = logger
        self.maxUncompressedBytesForQueries = maxUncompressedBytes
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError(.unavailable, "no store at \(path): point --data at a collector's data folder")
            }
            let probe = try SQLiteDatabase(path: path, readOnly: true)
            let applied = try SQLiteSchema.appliedMigrations(probe)
            try SQLiteSchema.checkKnown(applied: applied)
            try SQLiteSchema.checkCurrent(applied: applied, path: path)
            idleReaders.withLock { $0.append(probe) }
            writer = nil
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.io, "cannot create data folder \(directory)", underlying: error)
            }
            let db = try SQLiteDatabase(path: path, readOnly: false)
            // page_size first: it takes effect only before the file's first table and before WAL mode.
            try db.execute("PRAGMA page_size = \(Self.pageSize); PRAGMA journal_mode = WAL; PRAGMA foreign_keys = OFF; "
                           + "PRAGMA synchronous = \(synchronous.pragmaValue);")
            try SQLiteSchema.migrate(db, now: Int64(Date().timeIntervalSince1970 * 1_000_000_000))
            try SQLiteSchema.checkKnown(applied: SQLiteSchema.appliedMigrations(db))
            writer = SQLiteWriter(db: db)
        }
        logger.info("opened SQLite store", metadata: ["path": "\(path)", "readOnly": "\(readOnly)", "synchronous": "\(synchronous.rawValue)"])
    }

    /// Runs `body` on the writer's serial queue.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteWriter) throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            writeQueue.async { [self] in
                guard !isClosed.withLock({ $0 }) else {
                    return continuation.resume(returning: .failure(StoreError(.closed, "store \(path) is closed")))
                }
                guard let writer else {
                    return continuation.resume(returning: .failure(StoreError(.unavailable, "store \(path) was opened read-only")))
                }
                continuation.resume(returning: Result { () throws(StoreError) -> T in try body(writer) })
            }
        }
        return try result.get()
    }

    /// Runs `body` with a read connection on the readers' queue.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            readQueue.async { [self] in
                readerSlots.wait()
                defer { readerSlots.signal() }
                guard !isClosed.withLock({ $0 }) else {
                    return continuation.resume(returning: .failure(StoreError(.closed, "store \(path) is closed")))
                }
                let result = Result { () throws(StoreError) -> T in
                    let db: SQLiteDatabase
                    if let idle = idleReaders.withLock({ $0.popLast() }) { db = idle } else { db = try SQLiteDatabase(path: path, readOnly: true) }
                    defer { idleReaders.withLock { $0.append(db) } }
                    return try body(db)
                }
                continuation.resume(returning: result)
            }
        }
        return try result.get()
    }

    public func close() async {
        guard !isClosed.withLock({ closed in defer { closed = true }; return closed }) else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writeQueue.async { [self] in
                if let writer {
                    try? writer.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    writer.db.close()
                }
                continuation.resume()
            }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            readQueue.async(flags: .barrier) { [self] in
                for _ in 0..<Self.maxReaders { readerSlots.wait() }
                idleReaders.withLock { readers in
                    for reader in readers { reader.close() }
                    readers.removeAll()
                }
                for _ in 0..<Self.maxReaders { readerSlots.signal() }
                continuation.resume()
            }
        }
        logger.info("closed SQLite store", metadata: ["path": "\(path)"])
    }
}
