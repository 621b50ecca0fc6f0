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

        package init(row: ChunkIndexRow, data: [UInt8], filterBytes: Int) {
            self.row = row
            self.data = data
            self.filterBytes = filterBytes
        }
    }

    /// Decodes `run`'s chunks in its order (found in `stored` by id) and encodes their lines as one chunk. A chunk
    /// that is gone, belongs elsewhere or fails to decode is left out and counted in `corrupt` (gone ones are not);
    /// fewer than two left means nothing to merge.
    package static func merge(_ run: [CompactionPlanner.Candidate], stored: [Int64: Source], instanceKey: Int64, policy: CompactionPolicy,
                              maxUncompressedBytes: Int) -> (run: MergedRun?, corrupt: Int) {
        var records: [LogRecord] = []
        var sources: [Int64: UInt32] = [:]
        var position = Int64.min
        var bytesBefore = 0
        var corrupt = 0
        for chunk in run {
            guard let source = stored[chunk.id] else { continue }
            let row = source.row
            guard row.instanceKey == instanceKey, row.imageKey == chunk.imageKey,
                  let lines = try? LogBlockCodec.decode(row.block(compressed: source.data), maxUncompressedBytes: maxUncompressedBytes) else {
                corrupt += 1
                continue
            }
            records += lines
            sources[row.id] = row.checksum
            position = max(position, chunk.position)
            bytesBefore += source.data.count + source.filterBytes
        }
        guard sources.count >= 2, let imageKey = run.first?.imageKey else { return (nil, corrupt) }
        let block = LogBlockCodec.encode(records, compressionLevel: policy.compressionLevel)
        return (MergedRun(sources: sources, position: position, instanceKey: instanceKey, imageKey: imageKey, block: block,
                          bytesBefore: bytesBefore), corrupt)
    }
}

extension CompactionOutcome {
    /// Counts `merged` as written in place of its sources.
    package mutating func add(written merged: MergedRun) {
        chunksWritten += 1
        chunksMerged += merged.sources.count
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
    }
}

/// The steps a store supplies to a compaction pass; ``compact(_:)`` runs them in the same order for every store.
package protocol CompactionSteps: Sendable {
    /// Instances with a small chunk above `policy.after` and at or below `policy.horizon`.
    func instancesWithNewSmallChunks(_ policy: CompactionPolicy) async throws(StoreError) -> [Int64]
    /// The instance's small chunks at or below the horizon, in commit order.
    func smallChunks(of instanceKey: Int64, _ policy: CompactionPolicy) async throws(StoreError) -> [CompactionPlanner.Candidate]
    /// Reads the run's chunks and merges them (``MergedRun/merge(_:stored:instanceKey:policy:maxUncompressedBytes:)``).
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
