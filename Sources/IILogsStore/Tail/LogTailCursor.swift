/// A position in the store's commit order, for live tails: the newest log chunk a tail has looked at.
///
/// Chunk ids grow with every commit (one writer; SQLite's rowid is `max + 1`), so "chunks after the cursor"
/// are exactly the chunks committed after the page that returned it (docs/adr/005-live-tail.md).
public struct LogTailCursor: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id of the newest chunk seen; 0 before any chunk.
    public var chunkID: Int64

    public init(chunkID: Int64) {
        self.chunkID = chunkID
    }

    /// Before every chunk: a tail from here returns everything stored.
    public static let beginning = LogTailCursor(chunkID: 0)

    public static func < (lhs: LogTailCursor, rhs: LogTailCursor) -> Bool { lhs.chunkID < rhs.chunkID }

    public var description: String { String(chunkID) }
}
