/// The spool's small durable state, rewritten whole and atomically (temp file, fsync, rename, fsync dir).
///
/// ```
/// "IILG" · version u8 · streamID u64 · nextSequence u64 · ackedSequence u64 · droppedRecords u64 ·
/// cleanStop u8 · lastBootID bytes · checkpoints u32 · (key bytes · position bytes)* · crc32c u32 (of all before)
/// ```
public struct SpoolLedger: Sendable, Hashable {
    /// Random ID made when the spool was created; sequences are unique within it.
    public var streamID: UInt64
    /// The sequence the next appended entry gets.
    public var nextSequence: UInt64
    /// Every entry with a sequence ≤ this is acknowledged or gone.
    public var ackedSequence: UInt64
    /// Records deleted before they were acknowledged, since the stream began.
    public var droppedRecords: UInt64
    /// True when the last run ended with ``Spool/close(cleanStop:)`` after a full drain.
    public var cleanStop: Bool
    /// The kernel boot ID of the last run, empty when never recorded.
    public var lastBootID: String
    /// Newest checkpoint per source key, including those of entries already deleted.
    public var checkpoints: [String: [UInt8]]

    /// A fresh ledger for a new stream.
    public init(streamID: UInt64) {
        self.streamID = streamID
        self.nextSequence = 1
        self.ackedSequence = 0
        self.droppedRecords = 0
        self.cleanStop = true
        self.lastBootID = ""
        self.checkpoints = [:]
    }

    static let magic: [UInt8] = Array("IILG".utf8)
    static let version: UInt8 = 1

    func encoded() -> [UInt8] {
        var writer = SpoolByteWriter()
        writer.bytes.append(contentsOf: Self.magic)
        writer.write(Self.version)
        writer.write(streamID)
        writer.write(nextSequence)
        writer.write(ackedSequence)
        writer.write(droppedRecords)
        writer.write(UInt8(cleanStop ? 1 : 0))
        writer.write(string: lastBootID)
        writer.write(UInt32(truncatingIfNeeded: checkpoints.count))
        for key in checkpoints.keys.sorted() {
            writer.write(string: key)
            writer.write(bytes: checkpoints[key] ?? [])
        }
        writer.write(SpoolChecksum.crc32c(writer.bytes))
        return writer.bytes
    }

    /// Decodes a ledger file, or returns why it cannot be trusted.
    static func decode(_ bytes: [UInt8]) -> Result<SpoolLedger, SpoolError> {
        func bad(_ why: String) -> Result<SpoolLedger, SpoolError> { .failure(SpoolError(.io, "ledger \(why)")) }
        guard bytes.count >= 9, Array(bytes[0..<4]) == magic else { return bad("has no IILG magic") }
        var tail = SpoolByteReader(bytes, from: bytes.count - 4)
        guard let stored: UInt32 = tail.read(), stored == SpoolChecksum.crc32c(bytes[0..<(bytes.count - 4)]) else {
            return bad("checksum does not match")
        }
        var reader = SpoolByteReader(bytes, from: 4, to: bytes.count - 4)
        guard let version: UInt8 = reader.read(), version == Self.version else { return bad("version is not \(Self.version)") }
        guard let streamID: UInt64 = reader.read(), let next: UInt64 = reader.read(), let acked: UInt64 = reader.read(),
              let dropped: UInt64 = reader.read(), let clean: UInt8 = reader.read(), let boot = reader.readString(),
              let count: UInt32 = reader.read(), Int(count) <= reader.remaining / 8
        else { return bad("fields are truncated") }
        var ledger = SpoolLedger(streamID: streamID)
        ledger.nextSequence = max(next, 1)
        ledger.ackedSequence = acked
        ledger.droppedRecords = dropped
        ledger.cleanStop = clean == 1
        ledger.lastBootID = boot
        for _ in 0..<count {
            guard let key = reader.readString(), let position = reader.readBytes() else { return bad("checkpoints are truncated") }
            ledger.checkpoints[key] = position
        }
        return .success(ledger)
    }
}
