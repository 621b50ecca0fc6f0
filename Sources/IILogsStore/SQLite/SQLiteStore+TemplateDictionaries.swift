import Foundation
package import IILogsCore

/// One template dictionary per image (ADR 016): built by a compaction pass from a sample of the image's chunks, then
/// every chunk of the image at or below the horizon is stored against it (block format 6).
extension SQLiteStore: TemplateDictionarySteps {
    package func imagesWithoutTemplateDictionary(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64] {
        try await read { db throws(StoreError) in try SQLiteTemplateDictionaries.imagesWithout(db: db, policy: policy) }
    }

    package func templateDictionarySample(imageKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [EncodedLogBlock] {
        try await read { db throws(StoreError) in try SQLiteTemplateDictionaries.sample(db: db, imageKey: imageKey, policy: policy) }
    }

    package func insertTemplateDictionary(_ draft: TemplateDictionary, imageKey: Int64) async throws(StoreError) -> Bool {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        return try await write { writer throws(StoreError) in try SQLiteTemplateDictionaries.insert(writer.db, draft, imageKey: imageKey, now: now) }
    }

    package func chunksToRecode(after: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [Int64] {
        try await read { db throws(StoreError) in try SQLiteTemplateDictionaries.chunksToRecode(db: db, after: after, policy: policy) }
    }

    /// Decoding and encoding run on the readers' queue; the replace is one short write transaction.
    package func recode(chunkID: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> TemplateRecoding {
        let maxUncompressedBytes = maxUncompressedBytesForQueries
        return try await read { db throws(StoreError) in
            try SQLiteTemplateDictionaries.recode(db: db, chunkID: chunkID, policy: policy, maxUncompressedBytes: maxUncompressedBytes)
        }
    }
}

extension SQLiteDatabase {
    /// Template dictionary `id`, read once per connection; nil when there is none by that id or its stored bytes are
    /// damaged (a chunk that names it then fails to decode and is counted as corrupt).
    func templateDictionary(_ id: Int64) throws(StoreError) -> TemplateDictionary? {
        if let cached = templateDictionaries[id] { return cached }
        let select = try cached("SELECT data, checksum FROM template_dictionaries WHERE id = ?")
        select.bind(1, id)
        defer { select.reset() }
        guard try select.step(), let dictionary = TemplateDictionary(id: id, storedBytes: select.blob(0), checksum: select.int64(1)) else {
            return nil
        }
        templateDictionaries.keep(dictionary)
        return dictionary
    }

    /// The dictionary `block` names, nil for a block that names none (or one that is missing: decoding then says so).
    func templateDictionary(for block: EncodedLogBlock) throws(StoreError) -> TemplateDictionary? {
        guard let id = LogBlockCodec.templateDictionaryID(of: block) else { return nil }
        return try templateDictionary(id)
    }
}

/// The statements of the SQLite store's ``TemplateDictionarySteps``.
enum SQLiteTemplateDictionaries {
    /// Both read only the chunks not stored against a dictionary yet, through the partial index `chunks_to_recode`
    /// (migration 009; `INDEXED BY` fails the statement rather than scan every chunk should the index not fit).
    static let imagesWithoutSQL = """
        SELECT image_key FROM chunks INDEXED BY chunks_to_recode
        WHERE format < 6 AND id <= ?1 AND format BETWEEN 3 AND 5 AND image_key NOT IN (SELECT image_key FROM template_dictionaries)
        GROUP BY image_key HAVING count(*) >= ?2 ORDER BY image_key
        """
    static let chunksToRecodeSQL = """
        SELECT c.id FROM chunks c INDEXED BY chunks_to_recode JOIN template_dictionaries t ON t.image_key = c.image_key
        WHERE c.format < 6 AND c.id > ?1 AND c.id <= ?2 ORDER BY c.id LIMIT 256
        """

    /// Images without a dictionary that have at least ``CompactionPolicy/dictionaryMinChunks`` templated chunks at
    /// or below the horizon.
    static func imagesWithout(db: SQLiteDatabase, policy: CompactionPolicy) throws(StoreError) -> [Int64] {
        let select = try db.cached(imagesWithoutSQL)
        defer { select.reset() }
        select.bind(1, policy.horizon)
        select.bind(2, CompactionPolicy.dictionaryMinChunks)
        var keys: [Int64] = []
        while try select.step() { keys.append(select.int64(0)) }
        return keys
    }

    /// The image's newest templated chunks at or below the horizon, at most ``CompactionPolicy/dictionarySampleChunks``.
    static func sample(db: SQLiteDatabase, imageKey: Int64, policy: CompactionPolicy) throws(StoreError) -> [EncodedLogBlock] {
        let select = try db.cached("""
            SELECT c.id, c.instance_key, c.image_key, c.min_time, c.max_time, c.line_count, c.severity_mask, c.severity_counts,
                   c.format, c.uncompressed_bytes, c.checksum
            FROM chunks c
            WHERE c.image_key = ?1 AND c.id <= ?2 AND c.format BETWEEN 3 AND 5 ORDER BY c.image_key, c.max_time DESC LIMIT ?3
            """)
        defer { select.reset() }
        select.bind(1, imageKey)
        select.bind(2, policy.horizon)
        select.bind(3, CompactionPolicy.dictionarySampleChunks)
        var rows: [ChunkIndexRow] = []
        while try select.step() { rows.append(ChunkIndexRow(tailColumnsOf: select)) }
        select.reset()
        var blocks: [EncodedLogBlock] = []
        for row in rows {
            if let data = try SQLiteChunkData.read(db, id: row.id) { blocks.append(row.block(compressed: data)) }
        }
        return blocks
    }

    /// Stores `draft`'s templates as the image's dictionary; false when the image got one meanwhile.
    static func insert(_ db: SQLiteDatabase, _ draft: TemplateDictionary, imageKey: Int64, now: Int64) throws(StoreError) -> Bool {
        let insert = try db.cached("""
            INSERT INTO template_dictionaries(image_key, data, checksum, created_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT(image_key) DO NOTHING
            """)
        defer { insert.reset() }
        insert.bind(1, imageKey)
        insert.bind(2, blob: draft.storedBytes)
        insert.bind(3, Int64(draft.checksum))
        insert.bind(4, now)
        try insert.step()
        return db.changes > 0
    }

    /// Up to 256 chunks after `after`, at or below the horizon, whose image has a dictionary they do not use yet, in
    /// id order.
    static func chunksToRecode(db: SQLiteDatabase, after: Int64, policy: CompactionPolicy) throws(StoreError) -> [Int64] {
        let select = try db.cached(chunksToRecodeSQL)
        defer { select.reset() }
        select.bind(1, after)
        select.bind(2, policy.horizon)
        var ids: [Int64] = []
        while try select.step() { ids.append(select.int64(0)) }
        return ids
    }

    /// Chunk `chunkID` encoded again against its image's dictionary.
    static func recode(db: SQLiteDatabase, chunkID: Int64, policy: CompactionPolicy, maxUncompressedBytes: Int) throws(StoreError) -> TemplateRecoding {
        let select = try db.cached("""
            SELECT c.id, c.instance_key, c.image_key, c.min_time, c.max_time, c.line_count, c.severity_mask, c.severity_counts,
                   c.format, c.uncompressed_bytes, c.checksum, length(c.filter), t.id
            FROM chunks c JOIN template_dictionaries t ON t.image_key = c.image_key WHERE c.id = ?
            """)
        select.bind(1, chunkID)
        guard try select.step() else {
            select.reset()
            return .gone
        }
        let row = ChunkIndexRow(tailColumnsOf: select)
        let (filterBytes, dictionaryID) = (select.int(11), select.int64(12))
        select.reset()
        guard let data = try SQLiteChunkData.read(db, id: row.id), let dictionary = try db.templateDictionary(dictionaryID) else { return .undecodable }
        let source = MergedRun.Source(row: row, data: data, filterBytes: filterBytes,
                                      templateDictionary: try db.templateDictionary(for: row.block(compressed: data)))
        return MergedRun.recode(source, position: row.id, templateDictionary: dictionary, policy: policy, maxUncompressedBytes: maxUncompressedBytes)
            .map(TemplateRecoding.recoded) ?? .undecodable
    }

    /// The image's dictionary, nil when it has none (or it is damaged: chunks are then merged without one).
    static func dictionary(db: SQLiteDatabase, imageKey: Int64) throws(StoreError) -> TemplateDictionary? {
        let select = try db.cached("SELECT id FROM template_dictionaries WHERE image_key = ?")
        select.bind(1, imageKey)
        guard try select.step() else {
            select.reset()
            return nil
        }
        let id = select.int64(0)
        select.reset()
        return try db.templateDictionary(id)
    }
}
