/// One answer of ``LogStore/tailLogs(_:after:maxLines:maxChunks:)``: lines and where the next page starts.
public struct LogTailPage: Sendable {
    /// Matching lines in commit order: chunk by chunk, in line order within a chunk.
    public var lines: [StoredLogLine]
    /// Pass it as `after` for the next page; lines committed later come after it, none before it is repeated.
    public var cursor: LogTailCursor
    /// True when the page stopped at a limit with more committed chunks to read: ask again without waiting.
    public var hasMore: Bool

    public init(lines: [StoredLogLine], cursor: LogTailCursor, hasMore: Bool) {
        self.lines = lines
        self.cursor = cursor
        self.hasMore = hasMore
    }
}
