internal import Foundation
package import IILogsCore
package import IILogsStore
import PostgresNIO
import Synchronization

/// Template dictionaries read once per store (ADR 016): ids are never reused, so a cached dictionary never goes stale.
final class PostgresTemplateDictionaries: Sendable {
    private let cache = Mutex(TemplateDictionaryCache())

    /// Dictionary `id`; nil when there is none by that id or its stored bytes are damaged (a chunk that names it then
    /// fails to decode and is counted as corrupt).
    func dictionary(_ id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> TemplateDictionary? {
        if let cached = cache.withLock({ $0[id] }) { return cached }
        guard let row = try await connection.firstRow("SELECT data, checksum FROM template_dictionaries WHERE id = \(id)", logger),
              let dictionary = TemplateDictionary(id: id, storedBytes: try row.bytes(0), checksum: try row.int64(1)) else { return nil }
        cache.withLock { $0.keep(dictionary) }
        return dictionary
    }

    /// The dictionary `block` names; nil for a block that names none (or one that is missing: decoding then says so).
    func dictionary(for block: EncodedLogBlock, _ connection: PostgresConnection, _ logger: Logger) async throws -> TemplateDictionary? {
        guard let id = LogBlockCodec.templateDictionaryID(of: block) else { return nil }
        return try await dictionary(id, connection, logger)
    }

    /// The dictionary of image `imageKey`, nil when it has none (or it is damaged: chunks are then merged without one).
    func dictionary(ofImage imageKey: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> TemplateDictionary? {
        guard let row = try await connection.firstRow("SELECT id FROM template_dictionaries WHERE image_key = \(imageKey)", logger) else {
            return nil
        }
        return try await dictionary(try row.int64(0), connection, logger)
    }
}

/// The PostgreSQL store's part of a compaction pass with template dictionaries (ADR 016). A recoded chunk is deleted
/// and inserted again under its own id and transaction id, so a live tail past it never reads its lines twice.
extension PostgresStore: TemplateDictionarySteps {
    package func imagesWithoutTemplateDictionary(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64] {
        let logger = self.logger
        return try await withConnection("compaction: images without a dictionary") { connection in
            try await connection.rows("""
                SELECT image_key FROM chunks
                WHERE format < 6 AND xid <= \(policy.horizon) AND format BETWEEN 3 AND 5
                  AND image_key NOT IN (SELECT image_key FROM template_dictionaries)
                GROUP BY image_key HAVING count(*) >= \(Int64(CompactionPolicy.dictionaryMinChunks)) ORDER BY image_key
                """, logger).map { try $0.int64(0) }
        }
    }

    package func templateDictionarySample(imageKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [EncodedLogBlock] {
        let logger = self.logger
        return try await withConnection("compaction: a dictionary's sample") { connection in
            try await connection.rows("""
                SELECT \(unescaped: IndexRow.columns), data FROM chunks
                WHERE image_key = \(imageKey) AND xid <= \(policy.horizon) AND format BETWEEN 3 AND 5
                ORDER BY max_time DESC LIMIT \(Int64(CompactionPolicy.dictionarySampleChunks))
                """, logger).map { row in try IndexRow(row).index.block(compressed: try row.bytes(13)) }
        }
    }

    package func insertTemplateDictionary(_ draft: TemplateDictionary, imageKey: Int64) async throws(StoreError) -> Bool {
        let logger = self.logger
        let (data, checksum) = (ByteBuffer(bytes: draft.storedBytes), Int64(draft.checksum))
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        return try await withConnection("compaction: storing a dictionary") { connection in
            try await connection.firstRow("""
                INSERT INTO template_dictionaries(image_key, data, checksum, created_at) VALUES (\(imageKey), \(data), \(checksum), \(now))
                ON CONFLICT (image_key) DO NOTHING RETURNING id
                """, logger) != nil
        }
    }

    package func chunksToRecode(after: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [Int64] {
        let logger = self.logger
        return try await withConnection("compaction: chunks to recode") { connection in
            try await connection.rows("""
                SELECT c.id FROM chunks c JOIN template_dictionaries t ON t.image_key = c.image_key
                WHERE c.format < 6 AND c.id > \(after) AND c.xid <= \(policy.horizon)
                ORDER BY c.id LIMIT 256
                """, logger).map { try $0.int64(0) }
        }
    }

    package func recode(chunkID: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> TemplateRecoding {
        let (logger, dictionaries, maxUncompressedBytes) = (self.logger, templateDictionaries, maxUncompressedBytesForQueries)
        return try await withConnection("compaction: recoding a chunk") { connection in
            // Gone also when its image's dictionary went with retention meanwhile.
            guard let row = try await connection.firstRow("""
                SELECT \(unescaped: IndexRow.columns), data, (SELECT t.id FROM template_dictionaries t WHERE t.image_key = chunks.image_key)
                FROM chunks WHERE id = \(chunkID)
                """, logger), let dictionaryID = try row.optionalInt64(14) else { return .gone }
            let index = try IndexRow(row)
            let data = try row.bytes(13)
            guard let dictionary = try await dictionaries.dictionary(dictionaryID, connection, logger) else { return .undecodable }
            let source = MergedRun.Source(row: index.index, data: data, filterBytes: index.filter.count,
                                          templateDictionary: try await dictionaries.dictionary(for: index.index.block(compressed: data), connection, logger))
            return MergedRun.recode(source, position: index.xid, templateDictionary: dictionary, policy: policy,
                                    maxUncompressedBytes: maxUncompressedBytes).map(TemplateRecoding.recoded) ?? .undecodable
        }
    }
}
