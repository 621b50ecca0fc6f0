/// The caller's pointer to one stored record, passed in with each observation and handed back in flags.
///
/// The engine never interprets it. The collector's choice: `source` = the batch sequence number of the
/// instance's current boot (or a chunk ID), `offset` = the record's index in it; with the flag's instance
/// that finds the line in the store. Two integers so that passing one per line costs nothing.
public struct EvidenceRef: Sendable, Hashable, Codable {
    public var source: UInt64
    public var offset: UInt32

    public init(source: UInt64, offset: UInt32) {
        self.source = source
        self.offset = offset
    }

    /// For records that have no place in the store.
    public static let none = EvidenceRef(source: .max, offset: .max)
}
