import IILogsCore

/// One spooled batch: its sequence, how many records it holds, the already-encoded bytes the
/// shipper writes to the collector verbatim, and the source checkpoints it covers.
///
/// On disk (all integers big-endian):
/// ```
/// ┌──────────────┬──────────────┬───────────────────────────────────────────────────────────┐
/// │ length u32   │ crc32c u32   │ body (length bytes)                                       │
/// │ of the body  │ of the body  │ sequence u64 · records u32 · checkpoints u32 ·            │
/// │              │              │   (key bytes · position bytes)* · payload bytes           │
/// └──────────────┴──────────────┴───────────────────────────────────────────────────────────┘
/// ```
/// "bytes" fields are a u32 length then the bytes.
public struct SpoolEntry: Sendable, Hashable {
    /// Position in the spool's stream, from 1, +1 per entry.
    public var sequence: UInt64
    /// Records in the batch (lines + events + samples), counted as dropped if deleted unacknowledged.
    public var recordCount: UInt32
    /// The encoded batch (a wire frame), sent as is.
    public var payload: [UInt8]
    /// The newest checkpoint per source covered by this entry.
    public var checkpoints: [SourceCheckpoint]

    /// Creates an entry.
    public init(sequence: UInt64, recordCount: UInt32, payload: [UInt8], checkpoints: [SourceCheckpoint] = []) {
        self.sequence = sequence
        self.recordCount = recordCount
        self.payload = payload
        self.checkpoints = checkpoints
    }

    /// Bytes of the frame header (length + checksum).
    static let headerBytes = 8
    /// The smallest possible frame: header, sequence, record count, checkpoint count, payload length.
    static let minimumFrameBytes = headerBytes + 8 + 4 + 4 + 4

    /// The entry framed for a segment file.
    func framed() -> [UInt8] {
        var body = SpoolByteWriter()
        body.write(sequence)
        body.write(recordCount)
        body.write(UInt32(truncatingIfNeeded: checkpoints.count))
        for checkpoint in checkpoints {
            body.write(string: checkpoint.sourceKey)
            body.write(bytes: checkpoint.position)
        }
        body.write(bytes: payload)
        var frame = SpoolByteWriter()
        frame.write(UInt32(truncatingIfNeeded: body.bytes.count))
        frame.write(SpoolChecksum.crc32c(body.bytes))
        frame.bytes.append(contentsOf: body.bytes)
        return frame.bytes
    }

    /// What scanning a frame at an offset found.
    enum ScanResult: Equatable {
        /// A whole, valid entry occupying `length` bytes.
        case entry(SpoolEntry, length: Int)
        /// The file ends inside the frame: a write that did not finish.
        case tornTail
        /// The frame is complete but its checksum, length or fields are wrong.
        case corrupt(String)
    }

    /// Decodes the frame at `offset` of `bytes`; total, never traps.
    static func scan(_ bytes: [UInt8], at offset: Int, maxEntryBytes: Int) -> ScanResult {
        var header = SpoolByteReader(bytes, from: offset)
        guard let length: UInt32 = header.read(), let checksum: UInt32 = header.read() else { return .tornTail }
        guard Int(length) <= maxEntryBytes else {
            return .corrupt("entry length \(length) exceeds maxEntryBytes \(maxEntryBytes)")
        }
        guard header.remaining >= Int(length) else { return .tornTail }
        let bodyStart = offset + headerBytes
        let bodyEnd = bodyStart + Int(length)
        let actual = SpoolChecksum.crc32c(bytes[bodyStart..<bodyEnd])
        guard actual == checksum else {
            return .corrupt("checksum \(actual) does not match stored \(checksum)")
        }
        var body = SpoolByteReader(bytes, from: bodyStart, to: bodyEnd)
        guard let sequence: UInt64 = body.read(), let records: UInt32 = body.read(),
              let count: UInt32 = body.read(), Int(count) <= body.remaining / 8
        else { return .corrupt("entry header fields are truncated") }
        var checkpoints: [SourceCheckpoint] = []
        for _ in 0..<count {
            guard let key = body.readString(), let position = body.readBytes() else {
                return .corrupt("checkpoint fields are truncated")
            }
            checkpoints.append(SourceCheckpoint(sourceKey: key, position: position))
        }
        guard let payload = body.readBytes(), body.remaining == 0 else {
            return .corrupt("payload length does not match the entry length")
        }
        let entry = SpoolEntry(sequence: sequence, recordCount: records, payload: payload, checkpoints: checkpoints)
        return .entry(entry, length: headerBytes + Int(length))
    }
}
