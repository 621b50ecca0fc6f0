import NIOCore

// batch payload: header, optional log block sent as-is, zlib side payload (docs/PROTOCOL.md §7).

/// Bits of `batch.flags`.
enum BatchFlags {
    /// A log block follows the flags.
    static let hasLogs: UInt8 = 0x01
    static let known: UInt8 = hasLogs
}

extension ByteBuffer {
    mutating func writeBatch(_ batch: Batch, sideCompressionLevel: Int32) {
        writeWireString(batch.instanceID)
        writeWire(batch.sequence)
        writeWire(batch.droppedRecords)
        writeWire(batch.logs == nil ? 0 : BatchFlags.hasLogs)
        if let block = batch.logs { writeLogBlock(block) }
        if batch.events.isEmpty && batch.metrics.isEmpty {
            writeWire(UInt32(0))
            writeWire(UInt32(0))
            return
        }
        var side = ByteBuffer()
        side.writeSidePayload(events: batch.events, metrics: batch.metrics)
        let compressed = side.withUnsafeReadableBytes { Zlib.deflate($0, level: sideCompressionLevel) }
        writeWire(UInt32(truncatingIfNeeded: side.readableBytes))
        writeWireBytes(compressed)
    }

    mutating func writeLogBlock(_ block: EncodedLogBlock) {
        writeWire(block.formatVersion)
        let summary = block.summary
        writeWire(summary.lineCount)
        writeWire(summary.minTime.nanosecondsSinceEpoch)
        writeWire(summary.maxTime.nanosecondsSinceEpoch)
        for i in 0..<WireProtocol.severityCountEntries {
            writeWire(i < summary.severityCounts.count ? summary.severityCounts[i] : 0)
        }
        writeWireBytes(summary.tokenFilter.bytes)
        writeWire(block.uncompressedBytes)
        writeWire(block.checksum)
        writeWireBytes(block.compressed)
    }
}

extension WireReader {
    mutating func readBatch(limits: WireLimits) throws(WireProtocolError) -> Batch {
        let instanceID = try string("batch.instanceID", max: WireProtocol.maxIdentifierBytes)
        let sequence: UInt64 = try integer("batch.sequence")
        let dropped: UInt64 = try integer("batch.droppedRecords")
        let flagsOffset = offset
        let flags: UInt8 = try integer("batch.flags")
        guard flags & ~BatchFlags.known == 0 else {
            throw WireProtocolError(.malformed, "batch.flags 0x\(String(flags, radix: 16)) has unknown bits set", byteOffset: flagsOffset)
        }
        let logs = flags & BatchFlags.hasLogs != 0 ? try readLogBlock(limits: limits) : nil
        let (events, metrics) = try readSide(limits: limits)
        return Batch(instanceID: instanceID, sequence: sequence, droppedRecords: dropped, logs: logs, events: events, metrics: metrics)
    }

    /// Checks the block's summary and checksum; the body is not inflated here.
    mutating func readLogBlock(limits: WireLimits) throws(WireProtocolError) -> EncodedLogBlock {
        let formatOffset = offset
        let formatVersion: UInt8 = try integer("batch.logs.formatVersion")
        guard LogBlockCodec.wireFormatVersions.contains(formatVersion) else {
            // Refused before it is stored: a chunk no reader here can decode would be lost at query time.
            throw WireProtocolError(.unsupportedVersion, "batch.logs.formatVersion \(formatVersion) is not one this collector takes from agents (\(LogBlockCodec.wireFormatVersions.lowerBound)–\(LogBlockCodec.wireFormatVersions.upperBound); version 6 refers to a store's template dictionary)",
                                    byteOffset: formatOffset)
        }
        let lineCountOffset = offset
        let lineCount: UInt32 = try integer("batch.logs.lineCount")
        let minTimeOffset = offset
        let minTime = try timestamp("batch.logs.minTime")
        let maxTime = try timestamp("batch.logs.maxTime")
        guard minTime <= maxTime else {
            throw WireProtocolError(.malformed, "batch.logs.minTime \(minTime.nanosecondsSinceEpoch) is after maxTime \(maxTime.nanosecondsSinceEpoch)",
                                    byteOffset: minTimeOffset)
        }
        var counts: [UInt32] = []
        counts.reserveCapacity(WireProtocol.severityCountEntries)
        for i in 0..<WireProtocol.severityCountEntries {
            counts.append(try integer("batch.logs.severityCounts[\(i)]"))
        }
        let sum = counts.reduce(UInt64(0)) { $0 + UInt64($1) }
        guard sum == UInt64(lineCount) else {
            throw WireProtocolError(.malformed, "batch.logs.severityCounts sum to \(sum), but lineCount is \(lineCount)", byteOffset: lineCountOffset)
        }
        let filterOffset = offset
        let filterBytes = try lengthPrefixedBytes("batch.logs.tokenFilter", max: TokenFilter.maxBytes)
        guard let filter = TokenFilter(bytes: filterBytes) else {
            throw WireProtocolError(.malformed, "batch.logs.tokenFilter length \(filterBytes.count) is not a multiple of 8", byteOffset: filterOffset)
        }
        let uncompressedOffset = offset
        let uncompressed: UInt32 = try integer("batch.logs.uncompressedBytes")
        guard Int(uncompressed) <= limits.maxUncompressedBatchBytes else {
            throw WireProtocolError(.frameTooLarge,
                                    "batch.logs.uncompressedBytes \(uncompressed) exceeds maxUncompressedBatchBytes \(limits.maxUncompressedBatchBytes)",
                                    byteOffset: uncompressedOffset)
        }
        let checksum: UInt32 = try integer("batch.logs.checksum")
        let compressedOffset = offset
        let compressed = try lengthPrefixedBytes("batch.logs.compressed", max: limits.maxFrameBytes)
        let actual = CRC32.checksum(compressed)
        guard actual == checksum else {
            throw WireProtocolError(.malformed, "batch.logs.checksum is \(checksum), but the compressed bytes' CRC-32 is \(actual)",
                                    byteOffset: compressedOffset)
        }
        return EncodedLogBlock(formatVersion: formatVersion,
                               summary: BlockSummary(lineCount: lineCount, minTime: minTime, maxTime: maxTime, severityCounts: counts, tokenFilter: filter),
                               uncompressedBytes: uncompressed, checksum: checksum, compressed: compressed)
    }
}
