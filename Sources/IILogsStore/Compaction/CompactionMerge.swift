package import IILogsCore

/// One run decoded and encoded as one chunk, not yet stored (both stores' merge step).
package struct MergedRun: Sendable {
    /// Source chunk id → its checksum, to find out when replacing that nothing changed since.
    package var sources: [Int64: UInt32]
    /// The largest commit position of the sources: the merged chunk takes it, so a live tail past the run never
    /// reads its lines again (ADR 015).
    package var position: Int64
    package var instanceKey: Int64
    package var imageKey: Int64
    package var block: EncodedLogBlock
    /// Compressed bytes (blob and token filter) of the sources.
    package var bytesBefore: Int

    /// A stored chunk of a run: its index row, its bytes and the size of its token filter.
    package struct Source {
        package var row: ChunkIndexRow
        package var data: [UInt8]
        package var filterBytes: Int
        /// The dictionary a version-6 chunk names (ADR 016).
        package var templateDictionary: TemplateDictionary?

        package init(row: ChunkIndexRow, data: [UInt8], filterBytes: Int, templateDictionary: TemplateDictionary? = nil) {
            self.row = row
            self.data = data
            self.filterBytes = filterBytes
            self.templateDictionary = templateDictionary
        }

        /// The chunk's lines, nil when it fails to decode.
        func lines(maxUncompressedBytes: Int) -> [LogRecord]? {
            try? LogBlockCodec.decode(row.block(compressed: data), maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary)
        }
    }

    /// Decodes `run`'s chunks in its order (found in `stored` by id) and encodes their lines as one chunk, against
    /// the image's `templateDictionary` when it has one. A chunk that is gone, belongs elsewhere or fails to decode is
    /// left out and counted in `corrupt` (gone ones are not); fewer than two left means nothing to merge.
    package static func merge(_ run: [CompactionPlanner.Candidate], stored: [Int64: Source], instanceKey: Int64, policy: CompactionPolicy,
                              templateDictionary: TemplateDictionary? = nil, maxUncompressedBytes: Int) -> (run: MergedRun?, corrupt: Int) {
        var records: [LogRecord] = []
        var sources: [Int64: UInt32] = [:]
        var position = Int64.min
        var bytesBefore = 0
        var corrupt = 0
        for chunk in run {
            guard let source = stored[chunk.id] else { continue }
            let row = source.row
            guard row.instanceKey == instanceKey, row.imageKey == chunk.imageKey, let lines = source.lines(maxUncompressedBytes: maxUncompressedBytes) else {
                corrupt += 1
                continue
            }
            records += lines
            sources[row.id] = row.checksum
            position = max(position, chunk.position)
            bytesBefore += source.data.count + source.filterBytes
        }
        guard sources.count >= 2, let imageKey = run.first?.imageKey else { return (nil, corrupt) }
        let block = encode(records, policy: policy, templateDictionary: templateDictionary)
        return (MergedRun(sources: sources, position: position, instanceKey: instanceKey, imageKey: imageKey, block: block,
                          bytesBefore: bytesBefore), corrupt)
    }

    /// One chunk decoded and encoded again alone against its image's `templateDictionary` (ADR 016), to be stored at
    /// its own commit `position` (the SQLite store's id, PostgreSQL's transaction id); nil when it fails to decode.
    package static func recode(_ source: Source, position: Int64, templateDictionary: TemplateDictionary, policy: CompactionPolicy,
                               maxUncompressedBytes: Int) -> MergedRun? {
        guard let lines = source.lines(maxUncompressedBytes: maxUncompressedBytes) else { return nil }
        let row = source.row
        return MergedRun(sources: [row.id: row.checksum], position: position, instanceKey: row.instanceKey, imageKey: row.imageKey,
                         block: encode(lines, policy: policy, templateDictionary: templateDictionary),
                         bytesBefore: source.data.count + source.filterBytes)
    }

    private static func encode(_ records: [LogRecord], policy: CompactionPolicy, templateDictionary: TemplateDictionary?) -> EncodedLogBlock {
        guard policy.templateDictionaries, let templateDictionary else {
            return LogBlockCodec.encode(records, compressionLevel: policy.compressionLevel)
        }
        return LogBlockCodec.encode(records, compressionLevel: policy.compressionLevel, templateDictionary: templateDictionary)
    }
}

/// Choosing an image's template dictionary from a sample of its chunks (ADR 016).
package enum TemplateDictionaryTraining {
    /// The templates at least ``CompactionPolicy/dictionaryMinChunksPerTemplate`` of `sample`'s chunks hold, within the
    /// dictionary's limits (the most widely held first when there are too many). Chunks that fail to decode count as
    /// holding none.
    package static func templates(of sample: [EncodedLogBlock], maxUncompressedBytes: Int) -> [[UInt8]] {
        var holders: [[UInt8]: Int] = [:]
        for block in sample {
            guard let templates = try? LogBlockCodec.templates(of: block, maxUncompressedBytes: maxUncompressedBytes) else { continue }
            for template in templates { holders[template, default: 0] += 1 }
        }
        var chosen: [[UInt8]] = []
        var bytes = 0
        let widelyHeld = holders.filter { $0.value >= CompactionPolicy.dictionaryMinChunksPerTemplate }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
        for (template, _) in widelyHeld {
            guard chosen.count < TemplateDictionary.maxTemplates, bytes + template.count <= TemplateDictionary.maxTemplateBytes else { break }
            chosen.append(template)
            bytes += template.count
        }
        return chosen
    }
}

extension CompactionOutcome {
    /// Counts `merged` as written in place of its sources.
    package mutating func add(written merged: MergedRun) {
        chunksWritten += 1
        chunksMerged += merged.sources.count
        addRewritten(merged)
    }

    /// Counts `recoded` as one chunk encoded again alone against its image's template dictionary (ADR 016).
    package mutating func add(recoded: MergedRun) {
        chunksRecoded += 1
        addRewritten(recoded)
    }

    /// The lines and bytes of a chunk compaction wrote in place of others or of itself.
    private mutating func addRewritten(_ merged: MergedRun) {
        linesRewritten += Int(merged.block.summary.lineCount)
        bytesBefore += merged.bytesBefore
        bytesAfter += merged.block.compressed.count + merged.block.summary.tokenFilter.bytes.count
    }

    /// Adds `other`'s counts to these.
    package mutating func add(_ other: CompactionOutcome) {
        instancesExamined += other.instancesExamined
        chunksWritten += other.chunksWritten
        chunksMerged += other.chunksMerged
        linesRewritten += other.linesRewritten
        bytesBefore += other.bytesBefore
        bytesAfter += other.bytesAfter
        corruptChunksSkipped += other.corruptChunksSkipped
        runsChanged += other.runsChanged
        dictionariesBuilt += other.dictionariesBuilt
        chunksRecoded += other.chunksRecoded
    }
}

/// The steps a store supplies to a compaction pass; ``compact(_:)`` runs them in the same order for every store.
package protocol CompactionSteps: Sendable {
    /// Instances with a small chunk above `policy.after` and at or below `policy.horizon`.
    func instancesWithNewSmallChunks(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64]
    /// The instance's small chunks at or below the horizon, in commit order.
    func smallChunks(of instanceKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [CompactionPlanner.Candidate]
    /// Reads the run's chunks and merges them (``MergedRun/merge(_:stored:instanceKey:policy:templateDictionary:maxUncompressedBytes:)``).
    func merge(_ run: [CompactionPlanner.Candidate], instanceKey: Int64, _ policy: CompactionPolicy) async throws(StoreError)
        -> (run: MergedRun?, corrupt: Int)
    /// Replaces the sources by the merged chunk in one transaction; false (nothing written) when a source is gone
    /// or changed since it was read.
    func replace(with merged: MergedRun) async throws(StoreError) -> Bool
}

extension CompactionSteps {
    /// One pass (``ChunkCompacting/compactChunks(_:)``): per instance, its runs merged and replaced one at a time.
    package func compact(_ policy: CompactionPolicy) async throws(StoreError) -> CompactionOutcome {
        var outcome = CompactionOutcome()
        guard policy.horizon > policy.after else { return outcome }
        for instanceKey in try await instancesWithNewSmallChunks(policy) {
            if Task.isCancelled { break }
            outcome.instancesExamined += 1
            for run in CompactionPlanner.runs(try await smallChunks(of: instanceKey, policy), policy: policy) {
                if Task.isCancelled { break }
                let merge = try await merge(run, instanceKey: instanceKey, policy)
                outcome.corruptChunksSkipped += merge.corrupt
                guard let merged = merge.run else { continue }
                if try await replace(with: merged) {
                    outcome.add(written: merged)
                } else {
                    outcome.runsChanged += 1
                }
            }
        }
        return outcome
    }
}
