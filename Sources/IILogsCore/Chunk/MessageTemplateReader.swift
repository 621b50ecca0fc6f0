/// Turns a version-3 section stream (``MessageTemplateWriter``) back into the section's message bytes.
///
/// Total like the rest of the block decoder: every count, ID, width and length is checked against the bytes
/// left, the output must fill its declared size exactly, and any fault is a ``LogBlockError`` naming the part.
package enum MessageTemplateReader {
    /// Decodes `stream`, inflated section number `section`, into `out`, which it must fill exactly, and
    /// returns where each of its lines ends (offsets into `out` plus `base`, in line order).
    ///
    /// `maxLines` is the most lines the section may have (the block's line count). With it, what the reader
    /// allocates besides `out` stays proportionate to the block: a count is refused before anything is
    /// sized by it, there are no more templates than lines, and no more slots than bytes of `out` (each slot
    /// of a used template prints at least one byte).
    package static func decode(_ stream: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>,
                               maxLines: Int, base: Int = 0, section: Int) throws(LogBlockError) -> [Int] {
        func fail(_ problem: String) -> LogBlockError {
            LogBlockError(field: "sections.templates", problem: "section \(section): \(problem)")
        }
        guard let mode = stream.first else { throw fail("empty stream") }
        guard mode == MessageTemplates.plainMode || mode == MessageTemplates.templatedMode else { throw fail("unknown mode \(mode)") }

        var offset = 1
        func varint(_ what: String) throws(LogBlockError) -> Int {
            let value: UInt64
            do {
                value = try Varint.read(stream, at: &offset)
            } catch {
                throw fail("\(what): \(error.description)")
            }
            guard value <= UInt64(stream.count) else { throw fail("\(what) \(value) exceeds the stream's \(stream.count) bytes") }
            return Int(value)
        }

        let lineCount = try varint("line count")
        guard lineCount <= maxLines else { throw fail("\(lineCount) lines; the block has \(maxLines)") }
        guard lineCount <= stream.count - offset else { throw fail("\(lineCount) lines in \(stream.count - offset) bytes") }
        var lineEnds = [Int](repeating: 0, count: lineCount)
        if mode == MessageTemplates.plainMode {
            var end = 0
            for i in 0..<lineCount {
                end += try varint("line \(i)'s length")
                guard end <= out.count else { throw fail("messages exceed the section's declared \(out.count) bytes") }
                lineEnds[i] = base + end
            }
            guard stream.count - offset == out.count, end == out.count else {
                throw fail("\(end) bytes of lines and \(stream.count - offset) plain message bytes; the section declares \(out.count)")
            }
            if let target = out.baseAddress, let source = stream.baseAddress { target.update(from: source + offset, count: out.count) }
            return lineEnds
        }
        // Templates, and the slots of each (flattened: slots of template t are firstSlot[t]..<firstSlot[t + 1]).
        let templateCount = try varint("template count")
        guard templateCount <= lineCount else { throw fail("\(templateCount) templates for \(lineCount) lines") }
        guard templateCount <= stream.count - offset else { throw fail("\(templateCount) templates in \(stream.count - offset) bytes") }
        var templates: [Range<Int>] = []
        templates.reserveCapacity(templateCount)
        var firstSlot: [Int] = [0]
        var slotKinds: [UInt8] = []
        for t in 0..<templateCount {
            let length = try varint("template \(t) length")
            guard length <= stream.count - offset else { throw fail("template \(t) of \(length) bytes runs past the stream") }
            let range = offset..<(offset + length)
            var j = range.lowerBound
            while j < range.upperBound {
                let b = stream[j]
                if b == MessageTemplates.escape {
                    guard j + 1 < range.upperBound else { throw fail("template \(t) ends in an escape byte") }
                    j += 2
                    continue
                }
                if b == MessageTemplates.integerSlot || b == MessageTemplates.hexSlot {
                    guard slotKinds.count < out.count else { throw fail("more slots than the section's \(out.count) message bytes") }
                    slotKinds.append(b)
                }
                j += 1
            }
            templates.append(range)
            firstSlot.append(slotKinds.count)
            offset = range.upperBound
        }

        // Each line's template; uses per template size the slot columns.
        guard lineCount <= stream.count - offset else { throw fail("\(lineCount) template IDs in \(stream.count - offset) bytes") }
        var lineTemplates = [Int](repeating: 0, count: lineCount)
        var uses = [Int](repeating: 0, count: templateCount)
        for i in 0..<lineCount {
            let t = try varint("line \(i)'s template")
            guard t < templateCount else { throw fail("line \(i) names template \(t) of \(templateCount)") }
            lineTemplates[i] = t
            uses[t] += 1
        }
        if let unused = uses.firstIndex(of: 0) { throw fail("template \(unused) is used by no line") }

        // Slot columns: integer planes (width byte, then width × uses bytes) or hex (uses length bytes, then nibbles).
        var columnStart = [Int](repeating: 0, count: slotKinds.count)  // first plane, or first length byte
        var widths = [Int](repeating: 0, count: slotKinds.count)
        var hexCursor = [Int](repeating: 0, count: slotKinds.count)  // next packed-nibble byte
        for t in 0..<templateCount {
            let count = uses[t]
            for s in firstSlot[t]..<firstSlot[t + 1] {
                if slotKinds[s] == MessageTemplates.integerSlot {
                    guard offset < stream.count else { throw fail("template \(t)'s integer column has no width byte") }
                    let width = Int(stream[offset])
                    guard width >= 1 && width <= 8 else { throw fail("template \(t)'s integer column is \(width) bytes wide (1–8)") }
                    guard count <= (stream.count - offset - 1) / width else { throw fail("template \(t)'s integer column runs past the stream") }
                    widths[s] = width
                    columnStart[s] = offset + 1
                    offset += 1 + width * count
                } else {
                    guard count <= stream.count - offset else { throw fail("template \(t)'s hex lengths run past the stream") }
                    var packed = 0
                    for j in offset..<(offset + count) {
                        let length = Int(stream[j])
                        guard length > 0 else { throw fail("template \(t) has a hex ID of 0 digits") }
                        packed += (length + 1) / 2
                    }
                    columnStart[s] = offset
                    hexCursor[s] = offset + count
                    guard packed <= stream.count - hexCursor[s] else { throw fail("template \(t)'s hex IDs run past the stream") }
                    offset = hexCursor[s] + packed
                }
            }
        }
        guard offset == stream.count else { throw fail("\(stream.count - offset) bytes follow the last column") }

        // The lines, template by template; `row[t]` is how many lines of template t are already out.
        var row = [Int](repeating: 0, count: templateCount)
        var written = 0
        @inline(__always) func put(_ b: UInt8) throws(LogBlockError) {
            guard written < out.count else { throw fail("messages exceed the section's declared \(out.count) bytes") }
            out[written] = b
            written += 1
        }
        let hexDigits: StaticString = "0123456789abcdef"
        for (line, t) in lineTemplates.enumerated() {
            let r = row[t]
            row[t] = r + 1
            var s = firstSlot[t]
            var j = templates[t].lowerBound
            let end = templates[t].upperBound
            while j < end {
                let b = stream[j]
                j += 1
                if b == MessageTemplates.escape {
                    try put(stream[j])
                    j += 1
                } else if b == MessageTemplates.integerSlot {
                    let width = widths[s]
                    var value: UInt64 = 0
                    var p = columnStart[s] + r
                    for _ in 0..<width {
                        value = value << 8 | UInt64(stream[p])
                        p += uses[t]
                    }
                    s += 1
                    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of room, 20 digits at most
                    let count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
                        var n = 0
                        repeat {
                            buffer[23 - n] = UInt8(truncatingIfNeeded: value % 10) + 0x30
                            value /= 10
                            n += 1
                        } while value > 0
                        return n
                    }
                    guard count <= out.count - written else { throw fail("messages exceed the section's declared \(out.count) bytes") }
                    withUnsafeBytes(of: digits) { buffer in
                        for d in (24 - count)..<24 { out[written + d - (24 - count)] = buffer[d] }
                    }
                    written += count
                } else if b == MessageTemplates.hexSlot {
                    let length = Int(stream[columnStart[s] + r])
                    var p = hexCursor[s]
                    hexCursor[s] += (length + 1) / 2
                    s += 1
                    guard length <= out.count - written else { throw fail("messages exceed the section's declared \(out.count) bytes") }
                    hexDigits.withUTF8Buffer { hex in
                        var k = 0
                        while k < length {
                            let byte = stream[p]
                            out[written + k] = hex[Int(byte >> 4)]
                            if k + 1 < length { out[written + k + 1] = hex[Int(byte & 0x0F)] }
                            k += 2
                            p += 1
                        }
                    }
                    written += length
                } else {
                    try put(b)
                }
            }
            lineEnds[line] = base + written
        }
        guard written == out.count else { throw fail("messages add up to \(written) bytes; the section declares \(out.count)") }
        return lineEnds
    }
}
