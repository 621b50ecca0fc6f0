/// One line cut from a byte stream by ``LineAssembler``.
struct AssembledLine: Sendable, Hashable {
    /// The line without its LF and without a trailing CR.
    var bytes: [UInt8]
    /// Offset in the file just after the last byte this line consumed.
    var endOffset: UInt64
    /// True when the line was longer than the limit and cut there.
    var truncated: Bool
}

/// Splits a file's bytes into lines on LF, stripping a trailing CR.
///
/// - A last line without its LF is held until the LF arrives, or until the owner calls
///   ``flushPartial()`` (after `partialLineTimeout`, or when the file is done: rotated away).
/// - A line longer than `maxLineBytes` is cut at that length and emitted with `truncated`; the rest of
///   that line, up to the next LF, is skipped.
/// - Empty lines are skipped (their bytes still advance the offset).
struct LineAssembler {
    let maxLineBytes: Int
    /// Offset in the file just after the last byte fed.
    private(set) var offset: UInt64
    private var pending: [UInt8] = []
    /// True while discarding the rest of a line that was cut at `maxLineBytes`.
    private var skippingRestOfLine = false

    init(maxLineBytes: Int, offset: UInt64 = 0) {
        self.maxLineBytes = max(1, maxLineBytes)
        self.offset = offset
    }

    /// True when bytes of an unfinished line are held.
    var hasPartialLine: Bool { !pending.isEmpty }

    /// Restarts at `offset` (a new file, or the same file after truncation), dropping any held bytes.
    mutating func reset(offset: UInt64) {
        self.offset = offset
        pending.removeAll(keepingCapacity: true)
        skippingRestOfLine = false
    }

    /// Feeds the next bytes of the file; returns the lines they complete, in order.
    mutating func append(_ chunk: some Collection<UInt8>) -> [AssembledLine] {
        var lines: [AssembledLine] = []
        var rest = chunk[...]
        while !rest.isEmpty {
            let newline = rest.firstIndex(of: UInt8(ascii: "\n"))
            let segment = rest[..<(newline ?? rest.endIndex)]
            offset += UInt64(segment.count) + (newline == nil ? 0 : 1)
            if skippingRestOfLine {
                if newline != nil { skippingRestOfLine = false }
            } else {
                pending.append(contentsOf: segment)
                if newline != nil {
                    if let line = takePending() { lines.append(line) }
                } else if pending.count > maxLineBytes {
                    lines.append(AssembledLine(bytes: Array(pending.prefix(maxLineBytes)), endOffset: offset, truncated: true))
                    pending.removeAll(keepingCapacity: true)
                    skippingRestOfLine = true
                }
            }
            rest = newline.map { rest[rest.index(after: $0)...] } ?? rest[rest.endIndex...]
        }
        return lines
    }

    /// Emits the held partial line as a complete line (nil when nothing is held).
    mutating func flushPartial() -> AssembledLine? {
        takePending()
    }

    private mutating func takePending() -> AssembledLine? {
        defer { pending.removeAll(keepingCapacity: true) }
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        guard !pending.isEmpty else { return nil }
        if pending.count > maxLineBytes {
            return AssembledLine(bytes: Array(pending.prefix(maxLineBytes)), endOffset: offset, truncated: true)
        }
        return AssembledLine(bytes: pending, endOffset: offset, truncated: false)
    }
}
