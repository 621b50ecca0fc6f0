import IILogsCore

/// One `chunks` row: what a query needs to prune a chunk without reading its bytes.
struct ChunkIndexRow {
    var id: Int64
    var instanceKey: Int64
    var imageKey: Int64
    var minTime: Int64
    var maxTime: Int64
    var lineCount: UInt32
    /// Bit `s` set when the chunk has at least one line of severity `s`.
    var severityMask: Int64
    var severityCounts: [UInt32]
    var formatVersion: UInt8
    var uncompressedBytes: UInt32
    var checksum: UInt32

    /// True when some line is `level` or worse.
    func hasLines(atLeast level: Severity) -> Bool {
        severityMask & ((Int64(1) << (Int64(level.rawValue) + 1)) - 1) != 0
    }

    /// Rebuilds the block as it was received (the token filter is not needed for decoding).
    func block(compressed: [UInt8]) -> EncodedLogBlock {
        EncodedLogBlock(
            formatVersion: formatVersion,
            summary: BlockSummary(lineCount: lineCount, minTime: Timestamp(nanosecondsSinceEpoch: minTime),
                                  maxTime: Timestamp(nanosecondsSinceEpoch: maxTime), severityCounts: severityCounts,
                                  tokenFilter: .empty),
            uncompressedBytes: uncompressedBytes, checksum: checksum, compressed: compressed)
    }

    static func severityMask(_ counts: [UInt32]) -> Int64 {
        var mask: Int64 = 0
        for (severity, count) in counts.enumerated() where count > 0 && severity < 8 { mask |= 1 << Int64(severity) }
        return mask
    }

    /// 8 little-endian UInt32 counts.
    static func encodeSeverityCounts(_ counts: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for severity in 0..<8 {
            let count = severity < counts.count ? counts[severity] : 0
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Inverse of ``encodeSeverityCounts(_:)``; a damaged blob yields counts that fail decoding, not a trap.
    static func decodeSeverityCounts(_ bytes: [UInt8]) -> [UInt32] {
        (0..<8).map { severity in
            let start = severity * 4
            guard start + 4 <= bytes.count else { return 0 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << UInt32(8 * $1) }
        }
    }
}
