/// An inflated log block whose lines are located but not built (``LogBlockCodec/lines(of:maxUncompressedBytes:)``).
///
/// Times, severities and app indexes are decoded; a message is read as bytes in place
/// (``withMessageBytes(at:_:)``) and a ``LogRecord`` is built only for the lines asked for
/// (``record(at:)``), which is what makes scanning a block for a few rare lines cheap.
public struct LogBlockLines: Sendable {
    /// The bytes the messages are in: the whole body (version 1) or the inflated sections (version 2).
    private let messages: [UInt8]
    private let index: LogBlockColumnIndex

    init(messages: [UInt8], index: LogBlockColumnIndex) {
        self.messages = messages
        self.index = index
    }

    /// Lines in the block.
    public var count: Int { index.count }

    /// The block's strings (hostnames, apps, procIDs, field names); ``appIndex(at:)`` points into it.
    public var dictionary: [String] { index.dictionary }

    /// Line `i`'s time, nanoseconds since the epoch.
    public func time(at i: Int) -> Int64 { index.times[i] }

    /// Line `i`'s severity (0 emergency … 7 debug).
    public func severity(at i: Int) -> Severity { Severity(rawValue: index.severities[i]) ?? .debug }

    /// Line `i`'s app, as an index into ``dictionary``.
    public func appIndex(at i: Int) -> Int { index.apps[i] }

    /// False when line `i`'s message was left compressed (its section not wanted); its message must not be read.
    public func isMessageLoaded(at i: Int) -> Bool { index.isMessageLoaded(i) }

    /// Calls `body` with line `i`'s message bytes (UTF-8 as sent), without copying them; line `i` must be loaded.
    public func withMessageBytes<Result>(at i: Int, _ read: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        precondition(index.isMessageLoaded(i), "line \(i)'s message section was left compressed")
        return try messages.withUnsafeBytes { bytes in
            try read(UnsafeRawBufferPointer(rebasing: bytes[index.messageStarts[i]..<index.messageEnds[i]]))
        }
    }

    /// Line `i` as a record, without its structured fields (this view does not read them); line `i` must be loaded.
    public func record(at i: Int) -> LogRecord {
        precondition(index.isMessageLoaded(i), "line \(i)'s message section was left compressed")
        return messages.withUnsafeBufferPointer { index.record(at: i, in: $0) }
    }
}
