package import IILogsCore

/// One `chunks` row: what a query needs to prune a chunk without reading its bytes.
package struct ChunkIndexRow {
    package init(id: Int64, instanceKey: Int64, imageKey: Int64, minTime: Int64, maxTime: Int64, lineCount: UInt32, severityMask: Int64,
                 severityCounts: [UInt32], formatVersion: UInt8, uncompressedBytes: UInt32, checksum: UInt32) {
        self.id = id
        self.instanceKey = instanceKey
        self.imageKey = imageKey
        self.minTime = minTime
        self.maxTime = maxTime
        self.lineCount = lineCount
        self.severityMask = severityMask
        self.severityCounts = severityCounts
        self.formatVersion = formatVersion
        self.uncompressedBytes = uncompressedBytes
        self.checksum = checksum
    }

    package var id: Int64
    package var instanceKey: Int64
    package var imageKey: Int64
    package var minTime: Int64
    package var maxTime: Int64
    package var lineCount: UInt32
    /// Bit `s` set when the chunk has at least one line of severity `s`.
    package var severityMask: Int64
    package var severityCounts: [UInt32]
    package var formatVersion: UInt8
    package var uncompressedBytes: UInt32
    package var checksum: UInt32

    /// True when some line is `level` or worse.
    package func hasLines(atLeast level: Severity) -> Bool {
        severityMask & ((Int64(1) << (Int64(level.rawValue) + 1)) - 1) != 0
    }

    /// Rebuilds the block as it was received (the token filter is not needed for decoding).
    package func block(compressed: [UInt8]) -> EncodedLogBlock {
        EncodedLogBlock(
            formatVersion: formatVersion,
            summary: BlockSummary(lineCount: lineCount, minTime: Timestamp(nanosecondsSinceEpoch: minTime),
                                  maxTime: Timestamp(nanosecondsSinceEpoch: maxTime), severityCounts: severityCounts,
                                  tokenFilter: .empty),
            uncompressedBytes: uncompressedBytes, checksum: checksum, compressed: compressed)
    }

    package static func severityMask(_ counts: [UInt32]) -> Int64 {
        var mask: Int64 = 0
        for (severity, count) in counts.enumerated() where count > 0 && severity < 8 { mask |= 1 << Int64(severity) }
        return mask
    }

    /// 8 little-endian UInt32 counts.
    package static func encodeSeverityCounts(_ counts: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for severity in 0..<8 {
            let count = severity < counts.count ? counts[severity] : 0
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Inverse of ``encodeSeverityCounts(_:)``; a damaged blob yields counts that fail decoding, not a trap.
    package static func decodeSeverityCounts(_ bytes: [UInt8]) -> [UInt32] {
        (0..<8).map { severity in
            let start = severity * 4
            guard start + 4 <= bytes.count else { return 0 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << UInt32(8 * $1) }
        }
    }
}
