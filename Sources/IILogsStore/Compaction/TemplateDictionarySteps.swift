package import IILogsCore

/// What became of a chunk to encode again against its image's template dictionary.
package enum TemplateRecoding: Sendable {
    case recoded(MergedRun)
    /// Deleted (retention, another collector's pass) since it was listed.
    case gone
    /// It, or the dictionary it names, fails to decode: left as it is.
    case undecodable
}

/// The steps a store supplies to the template-dictionary part of a compaction pass (ADR 016); the two loops below run
/// them the same way on every store.
package protocol TemplateDictionarySteps: CompactionSteps {
    /// Images without a dictionary that have at least ``CompactionPolicy/dictionaryMinChunks`` templated chunks (format
    /// 3–5) at or below the horizon.
    func imagesWithoutTemplateDictionary(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64]
    /// The image's newest templated chunks at or below the horizon, at most ``CompactionPolicy/dictionarySampleChunks``.
    func templateDictionarySample(imageKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [EncodedLogBlock]
    /// Stores `draft`'s templates as the image's dictionary under a new id; false when the image got one meanwhile.
    func insertTemplateDictionary(_ draft: TemplateDictionary, imageKey: Int64) async throws(StoreError) -> Bool
    /// Up to a page of chunk ids above `after`, at or below the horizon, in id order, whose image has a dictionary
    /// they do not use yet.
    func chunksToRecode(after: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [Int64]
    /// Chunk `chunkID` decoded and encoded again against its image's dictionary, to be stored at its own id and
    /// commit position (``CompactionSteps/replace(with:)``).
    func recode(chunkID: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> TemplateRecoding
    /// The most a chunk may inflate to.
    var maxUncompressedBytesForQueries: Int { get }
}

extension TemplateDictionarySteps {
    /// Builds the dictionaries of the images that have enough chunks at or below the horizon and none yet. Nothing
    /// when `policy.templateDictionaries` is off.
    package func buildTemplateDictionaries(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome {
        var outcome = CompactionOutcome()
        guard policy.templateDictionaries, policy.horizon > 0 else { return outcome }
        for imageKey in try await imagesWithoutTemplateDictionary(policy) {
            if Task.isCancelled { break }
            let templates = TemplateDictionaryTraining.templates(of: try await templateDictionarySample(imageKey: imageKey, policy),
                                                                 maxUncompressedBytes: maxUncompressedBytesForQueries)
            guard let draft = TemplateDictionary(id: 1, templates: templates), !draft.templates.isEmpty else { continue }
            if try await insertTemplateDictionary(draft, imageKey: imageKey) { outcome.dictionariesBuilt += 1 }
        }
        return outcome
    }

    /// Encodes again, one write transaction each, the chunks at or below the horizon that do not use their image's
    /// dictionary yet. Nothing when `policy.templateDictionaries` is off.
    package func recodeAgainstTemplateDictionaries(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome {
        var outcome = CompactionOutcome()
        guard policy.templateDictionaries, policy.horizon > 0 else { return outcome }
        var after: Int64 = 0
        while !Task.isCancelled {
            let ids = try await chunksToRecode(after: after, policy)
            guard let last = ids.last else { break }
            after = last
            for id in ids {
                if Task.isCancelled { break }
                switch try await recode(chunkID: id, policy) {
                case .recoded(let recoded):
                    if try await replace(with: recoded) {
                        outcome.add(recoded: recoded)
                    } else {
                        outcome.runsChanged += 1
                    }
                case .gone:
                    continue
                case .undecodable:
                    outcome.corruptChunksSkipped += 1
                }
            }
        }
        return outcome
    }
}

extension TemplateDictionary {
    /// The bytes a store keeps for this dictionary: ``bytes`` deflated.
    package var storedBytes: [UInt8] { Zlib.deflate(bytes, level: 9) }

    /// A dictionary read back from a store's `storedBytes` and `checksum`; nil when they are damaged.
    package init?(id: Int64, storedBytes: [UInt8], checksum: Int64) {
        let limit = Self.maxTemplateBytes + 4 * Self.maxTemplates + 8
        guard let bytes = try? Zlib.inflate(storedBytes, limit: limit), let dictionary = try? TemplateDictionary(id: id, bytes: bytes),
              dictionary.checksum == UInt32(truncatingIfNeeded: checksum) else { return nil }
        self = dictionary
    }
}

/// Template dictionaries a reader has read, by id (ids are never reused, so an entry never goes stale); emptied when
/// it reaches ``maxCount``. Each store keeps one per reader: a SQLite connection, a PostgreSQL store.
package struct TemplateDictionaryCache: Sendable {
    /// Dictionaries kept (each is ~100–300 KB once indexed).
    package static let maxCount = 64

    private var dictionaries: [Int64: TemplateDictionary] = [:]

    package init() {}

    package subscript(id: Int64) -> TemplateDictionary? { dictionaries[id] }

    /// Keeps `dictionary`, first emptying the cache when it is full.
    package mutating func keep(_ dictionary: TemplateDictionary) {
        if dictionaries.count >= Self.maxCount { dictionaries.removeAll() }
        dictionaries[dictionary.id] = dictionary
    }
}
