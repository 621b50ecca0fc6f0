import IILogsCore

/// Reads the bytes as an inflated log block body (the checksum and zlib layers are what the wire
/// fuzzer covers); whatever reads as records must encode to a block that decodes, checksum and
/// summary verified, to the same records.
enum LogBlockBodyFuzzer {
    static func run(_ body: [UInt8]) {
        guard let records = try? LogBlockCodec.decodeBody(body, lineCount: Int(leadingCount(body))) else { return }
        let block = LogBlockCodec.encode(records, compressionLevel: 1)
        do {
            let decoded = try LogBlockCodec.decode(block)
            FuzzInvariant.check(decoded == records, "records change after re-encoding", target: .logBlockBody)
        } catch {
            FuzzInvariant.check(false, "re-encoded block does not decode: \(error)", target: .logBlockBody)
        }
    }

    /// The body's own line count (its leading varint), so the reader's count check passes; 0 when unreadable.
    static func leadingCount(_ body: [UInt8]) -> UInt32 {
        var value: UInt64 = 0
        for (i, byte) in body.prefix(10).enumerated() {
            value |= UInt64(byte & 0x7F) << (7 * UInt64(i))
            if byte & 0x80 == 0 { return UInt32(clamping: value) }
        }
        return 0
    }
}
