package import IILogsCore

/// One run decoded and encoded as one chunk, not yet stored (both stores' merge step).
package struct MergedRun: Sendable {
    /// Source chunk id → its checksum, to find out when replacing that nothing changed since.
    package var sources: [Int64: UInt32]
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
            bytesBefore += source.data.count + source.filterBytes
        }
        guard sources.count >= 2, let imageKey = run.first?.imageKey else { return (nil, corrupt) }
        let block = LogBlockCodec.encode(records, compressionLevel: policy.compressionLevel)
        return (MergedRun(sources: sources, instanceKey: instanceKey, imageKey: imageKey, block: block, bytesBefore: bytesBefore), corrupt)
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
