import IILogsCore

/// A log chunk's compressed bytes: whole in `chunk_data` as ingest stores them, or, once compaction has written the
/// chunk, whole pieces of ``pieceBytes`` in `chunk_pieces` and what is left of it (its *tail*, shorter than a
/// piece) in `chunk_tails` (ADR 016, "Pieces").
///
/// A blob of 20–30 KB in one row leaves its last part (its size modulo a page) in a table leaf, where the next
/// chunk's part often does not fit beside it: on the benchmark's fleet that unused space cost 0.3–2.2 B/line,
/// depending only on how the blob sizes fell. Four pieces and their cell headers fill a leaf; the tails, a
/// kilobyte on average, pack several to a leaf in a table of their own. Piece keys are `id << 16 | piece`, so a
/// chunk's pieces are one range of the table, in order; a tail's key is the chunk's id. Ingest keeps its single
/// insert (13 inserts a chunk cost it 12–24 % of its rate on the benchmark): its chunks are written again in pieces
/// by the compaction pass that encodes them against their image's template dictionary. A chunk with neither pieces
/// nor a tail is read from `chunk_data`.
enum SQLiteChunkData {
    /// Bytes per piece: four pieces fill an 8 KiB leaf's 8,184 bytes of cells, each with its cell header and pointer
    /// (15 bytes up to 7-byte keys, chunk ids below 2³³). Measured on the benchmark's chunks after their in-place
    /// re-encoding (ADR 016): 22.85 B/line of pages for 22.45 of bytes, against 23.10 with eight pieces to a leaf
    /// and 23.16 with three.
    static let pieceBytes = 2_030
    /// Pieces per chunk the key leaves room for (a chunk of at most ~66 MB).
    static let maxPieces = 1 << 16

    static func firstKey(_ id: Int64) -> Int64 { id << 16 }

    /// Stores `data` as chunk `id`'s pieces and tail.
    static func insert(_ db: SQLiteDatabase, id: Int64, data: [UInt8]) throws(StoreError) {
        let pieces = data.count / pieceBytes
        guard pieces < maxPieces else {
            throw StoreError(.io, "log chunk \(id) of \(data.count) bytes exceeds the store's \(maxPieces * pieceBytes) bytes per chunk")
        }
        let insert = try db.cached("INSERT INTO chunk_pieces(key, data) VALUES (?, ?)")
        for piece in 0..<pieces {
            insert.bind(1, firstKey(id) | Int64(piece))
            insert.bind(2, blob: Array(data[(piece * pieceBytes)..<((piece + 1) * pieceBytes)]))
            defer { insert.reset() }
            try insert.step()
        }
        guard pieces * pieceBytes < data.count || data.isEmpty else { return }
        let tail = try db.cached("INSERT INTO chunk_tails(id, data) VALUES (?, ?)")
        tail.bind(1, id)
        tail.bind(2, blob: Array(data[(pieces * pieceBytes)...]))
        defer { tail.reset() }
        try tail.step()
    }

    /// Stores `data` whole as chunk `id`'s bytes (ingest: one insert).
    static func insertWhole(_ db: SQLiteDatabase, id: Int64, data: [UInt8]) throws(StoreError) {
        let insert = try db.cached("INSERT INTO chunk_data(id, data) VALUES (?, ?)")
        insert.bind(1, id)
        insert.bind(2, blob: data)
        defer { insert.reset() }
        try insert.step()
    }

    /// Chunk `id`'s bytes, nil when it has none stored (a damaged store).
    static func read(_ db: SQLiteDatabase, id: Int64) throws(StoreError) -> [UInt8]? {
        let select = try db.cached("SELECT data FROM chunk_pieces WHERE key >= ?1 AND key < ?2 ORDER BY key")
        select.bind(1, firstKey(id))
        select.bind(2, firstKey(id + 1))
        var data: [UInt8] = []
        var found = false
        while try select.step() {
            found = true
            data += select.blob(0)
        }
        select.reset()
        let tail = try db.cached("SELECT data FROM chunk_tails WHERE id = ?")
        tail.bind(1, id)
        if try tail.step() {
            found = true
            data += tail.blob(0)
        }
        tail.reset()
        if found { return data }
        let whole = try db.cached("SELECT data FROM chunk_data WHERE id = ?")
        whole.bind(1, id)
        defer { whole.reset() }
        return try whole.step() ? whole.blob(0) : nil
    }

    /// Deletes chunk `id`'s bytes, in pieces or not.
    static func delete(_ db: SQLiteDatabase, id: Int64) throws(StoreError) {
        let pieces = try db.cached("DELETE FROM chunk_pieces WHERE key >= ?1 AND key < ?2")
        pieces.bind(1, firstKey(id))
        pieces.bind(2, firstKey(id + 1))
        try pieces.step()
        pieces.reset()
        for table in ["chunk_tails", "chunk_data"] {
            let delete = try db.cached("DELETE FROM \(table) WHERE id = ?")
            delete.bind(1, id)
            try delete.step()
            delete.reset()
        }
    }
}
