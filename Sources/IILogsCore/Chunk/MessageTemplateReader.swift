/// Turns a version-3, -4 or -5 section stream (``MessageTemplateWriter``) back into the section's message bytes.
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
    /// of a used template prints at least one byte). `formatVersion` is the block's: version 3 reads modes 0
    /// and 1, versions 4 and 5 modes 0 and 2.
    package static func decode(_ stream: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>,
                               maxLines: Int, base: Int = 0, section: Int, formatVersion: UInt8) throws(LogBlockError) -> [Int] {
        var input = SectionStreamInput(stream: stream, section: section)
        guard let mode = stream.first else { throw input.fail("empty stream") }
        let templatedMode = formatVersion >= 4 ? MessageTemplates.shapedMode : MessageTemplates.templatedMode
        guard mode == MessageTemplates.plainMode || mode == templatedMode else {
            throw input.fail("unknown mode \(mode) for format version \(formatVersion)")
        }
        input.offset = 1
        let lineCount = try input.varint("line count")
        guard lineCount <= maxLines else { throw input.fail("\(lineCount) lines; the block has \(maxLines)") }
        guard lineCount <= input.remaining else { throw input.fail("\(lineCount) lines in \(input.remaining) bytes") }
        if mode == MessageTemplates.plainMode {
            return try decodePlain(&input, lineCount: lineCount, into: out, base: base)
        }
        let templates = try TemplateTable(&input, lineCount: lineCount, maxSlots: out.count, byShape: mode == MessageTemplates.shapedMode)
        var columns = try SlotColumns(&input, templates: templates, tailed: mode == MessageTemplates.shapedMode)
        guard input.remaining == 0 else { throw input.fail("\(input.remaining) bytes follow the last column") }
        return try writeLines(templates, &columns, input, into: out, base: base)
    }

    /// A plain stream: each line's length, then the bytes as they are.
    private static func decodePlain(_ input: inout SectionStreamInput, lineCount: Int, into out: UnsafeMutableBufferPointer<UInt8>,
                                    base: Int) throws(LogBlockError) -> [Int] {
        var lineEnds = [Int](repeating: 0, count: lineCount)
        var end = 0
        for i in 0..<lineCount {
            end += try input.varint("line \(i)'s length")
            guard end <= out.count else { throw input.fail("messages exceed the section's declared \(out.count) bytes") }
            lineEnds[i] = base + end
        }
        guard input.remaining == out.count, end == out.count else {
            throw input.fail("\(end) bytes of lines and \(input.remaining) plain message bytes; the section declares \(out.count)")
        }
        if let target = out.baseAddress, let source = input.stream.baseAddress { target.update(from: source + input.offset, count: out.count) }
        return lineEnds
    }

    /// Prints every line, template by template, into `out`, which must come out exactly full.
    private static func writeLines(_ templates: TemplateTable, _ columns: inout SlotColumns, _ input: SectionStreamInput,
                                   into out: UnsafeMutableBufferPointer<UInt8>, base: Int) throws(LogBlockError) -> [Int] {
        let stream = input.stream
        var lineEnds = [Int](repeating: 0, count: templates.lineTemplates.count)
        var row = [Int](repeating: 0, count: templates.groupUses.count)  // lines of each column group already out
        var written = 0
        let overflow = input.fail("messages exceed the section's declared \(out.count) bytes")
        let hexDigits: StaticString = "0123456789abcdef"
        for (line, t) in templates.lineTemplates.enumerated() {
            let group = templates.templateGroup[t]
            let r = row[group]
            row[group] = r + 1
            let uses = templates.groupUses[group]
            var s = templates.groupFirstColumn[group]
            var j = templates.ranges[t].lowerBound
            let end = templates.ranges[t].upperBound
            while j < end {
                var b = stream[j]
                j += 1
                if b == MessageTemplates.integerSlot {
                    var value: UInt64 = 0
                    var p = columns.starts[s] + r
                    for _ in 0..<columns.mainPlanes[s] {
                        value = value << 8 | UInt64(stream[p])
                        p += uses
                    }
                    p = columns.tailStarts[s] + r
                    for _ in 0..<columns.tailPlanes[s] {
                        value = value << 8 | UInt64(stream[p])
                        p += uses
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
                    guard count <= out.count - written else { throw overflow }
                    withUnsafeBytes(of: digits) { buffer in
                        for d in (24 - count)..<24 { out[written + d - (24 - count)] = buffer[d] }
                    }
                    written += count
                } else if b == MessageTemplates.hexSlot {
                    let length = Int(stream[columns.starts[s] + r])
                    var p = columns.hexCursors[s]
                    columns.hexCursors[s] += (length + 1) / 2
                    s += 1
                    guard length <= out.count - written else { throw overflow }
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
                    if b == MessageTemplates.escape {
                        b = stream[j]
                        j += 1
                    }
                    guard written < out.count else { throw overflow }
                    out[written] = b
                    written += 1
                }
            }
            lineEnds[line] = base + written
        }
        guard written == out.count else { throw input.fail("messages add up to \(written) bytes; the section declares \(out.count)") }
        return lineEnds
    }
}

/// The section stream being read: where the reader is, varints checked against the stream's size, and
/// errors that name the section (also what ``TemplateDictionary`` resolves a version-6 stream with).
struct SectionStreamInput {
    let stream: UnsafeBufferPointer<UInt8>
    let section: Int
    var offset = 0

    var remaining: Int { stream.count - offset }

    func fail(_ problem: String) -> LogBlockError {
        LogBlockError(field: "sections.templates", problem: "section \(section): \(problem)")
    }

    /// A varint no larger than the stream (every count and length in it is).
    mutating func varint(_ what: String) throws(LogBlockError) -> Int {
        let value: UInt64
        do {
            value = try Varint.read(stream, at: &offset)
        } catch {
            throw fail("\(what): \(error.description)")
        }
        guard value <= UInt64(stream.count) else { throw fail("\(what) \(value) exceeds the stream's \(stream.count) bytes") }
        return Int(value)
    }
}

/// A templated stream's templates (ranges of the stream), each line's template, and the column groups: one
/// per template (mode 1) or one per shape, the templates with the same slot kinds in order (mode 2).
private struct TemplateTable {
    var ranges: [Range<Int>] = []
    var lineTemplates: [Int]
    /// Each template's column group; group `g`'s columns are `groupFirstColumn[g] ..< groupFirstColumn[g + 1]`.
    var templateGroup: [Int] = []
    var groupFirstColumn: [Int] = [0]
    var columnKinds: [UInt8] = []
    /// Lines of each group (every group has at least one: every template is used).
    var groupUses: [Int] = []

    /// Reads the templates and the template IDs; `maxSlots` bounds the slots (each prints at least a byte).
    init(_ input: inout SectionStreamInput, lineCount: Int, maxSlots: Int, byShape: Bool) throws(LogBlockError) {
        let templateCount = try input.varint("template count")
        guard templateCount <= lineCount else { throw input.fail("\(templateCount) templates for \(lineCount) lines") }
        guard templateCount <= input.remaining else { throw input.fail("\(templateCount) templates in \(input.remaining) bytes") }
        ranges.reserveCapacity(templateCount)
        var slots = 0
        var kinds: [UInt8] = []
        var shapes: [[UInt8]: Int] = [:]
        for t in 0..<templateCount {
            let length = try input.varint("template \(t) length")
            guard length <= input.remaining else { throw input.fail("template \(t) of \(length) bytes runs past the stream") }
            let range = input.offset..<(input.offset + length)
            kinds.removeAll(keepingCapacity: true)
            var j = range.lowerBound
            while j < range.upperBound {
                let b = input.stream[j]
                if b == MessageTemplates.escape {
                    guard j + 1 < range.upperBound else { throw input.fail("template \(t) ends in an escape byte") }
                    j += 2
                    continue
                }
                if b == MessageTemplates.integerSlot || b == MessageTemplates.hexSlot {
                    guard slots < maxSlots else { throw input.fail("more slots than the section's \(maxSlots) message bytes") }
                    slots += 1
                    kinds.append(b)
                }
                j += 1
            }
            ranges.append(range)
            if byShape, let group = shapes[kinds] {
                templateGroup.append(group)
            } else {
                let group = groupFirstColumn.count - 1
                if byShape { shapes[kinds] = group }
                templateGroup.append(group)
                columnKinds.append(contentsOf: kinds)
                groupFirstColumn.append(columnKinds.count)
            }
            input.offset = range.upperBound
        }

        guard lineCount <= input.remaining else { throw input.fail("\(lineCount) template IDs in \(input.remaining) bytes") }
        lineTemplates = [Int](repeating: 0, count: lineCount)
        var uses = [Int](repeating: 0, count: templateCount)
        groupUses = [Int](repeating: 0, count: groupFirstColumn.count - 1)
        for i in 0..<lineCount {
            let t = try input.varint("line \(i)'s template")
            guard t < templateCount else { throw input.fail("line \(i) names template \(t) of \(templateCount)") }
            lineTemplates[i] = t
            uses[t] += 1
            groupUses[templateGroup[t]] += 1
        }
        if let unused = uses.firstIndex(of: 0) { throw input.fail("template \(unused) is used by no line") }
    }
}

/// Where each column is. Mode 1: integer planes (a width byte, then width × uses bytes) or hex IDs (uses
/// length bytes, then packed nibbles), group by group. Mode 2: the same, except that an integer's width byte
/// also says how many of its low planes are in the tail (high nibble), and that the tail — after every
/// column — holds those planes and every hex column's packed nibbles, column by column.
private struct SlotColumns {
    /// First main plane, or first length byte.
    var starts: [Int]
    var mainPlanes: [Int]
    /// First tail plane of an integer column (mode 2).
    var tailStarts: [Int]
    var tailPlanes: [Int]
    /// Next packed-nibble byte of each hex column (advanced as lines are written).
    var hexCursors: [Int]

    init(_ input: inout SectionStreamInput, templates: TemplateTable, tailed: Bool) throws(LogBlockError) {
        let columns = templates.columnKinds.count
        starts = [Int](repeating: 0, count: columns)
        mainPlanes = [Int](repeating: 0, count: columns)
        tailStarts = [Int](repeating: 0, count: columns)
        tailPlanes = [Int](repeating: 0, count: columns)
        hexCursors = [Int](repeating: 0, count: columns)
        var packedBytes = [Int](repeating: 0, count: columns)
        let stream = input.stream
        for g in templates.groupUses.indices {
            let count = templates.groupUses[g]
            for c in templates.groupFirstColumn[g]..<templates.groupFirstColumn[g + 1] {
                if templates.columnKinds[c] == MessageTemplates.integerSlot {
                    guard input.remaining > 0 else { throw input.fail("column \(c) (integers) has no width byte") }
                    let header = Int(stream[input.offset])
                    let width = tailed ? header & 0x0F : header
                    let tail = tailed ? header >> 4 : 0
                    guard width >= 1 && width <= 8 else { throw input.fail("column \(c) (integers) is \(width) bytes wide (1–8)") }
                    guard tail <= width else { throw input.fail("column \(c) (integers) has \(tail) of its \(width) planes in the tail") }
                    let main = width - tail
                    guard main == 0 || count <= (input.remaining - 1) / main else { throw input.fail("column \(c) (integers) runs past the stream") }
                    mainPlanes[c] = main
                    tailPlanes[c] = tail
                    starts[c] = input.offset + 1
                    input.offset += 1 + main * count
                } else {
                    guard count <= input.remaining else { throw input.fail("column \(c) (hex) has lengths past the stream") }
                    var packed = 0
                    for j in input.offset..<(input.offset + count) {
                        let length = Int(stream[j])
                        guard length > 0 else { throw input.fail("column \(c) (hex) has an ID of 0 digits") }
                        packed += (length + 1) / 2
                    }
                    starts[c] = input.offset
                    input.offset += count
                    packedBytes[c] = packed
                    if !tailed {
                        hexCursors[c] = input.offset
                        guard packed <= input.remaining else { throw input.fail("column \(c) (hex) has digits past the stream") }
                        input.offset += packed
                    }
                }
            }
        }
        guard tailed else { return }
        for g in templates.groupUses.indices {
            let count = templates.groupUses[g]
            for c in templates.groupFirstColumn[g]..<templates.groupFirstColumn[g + 1] {
                if templates.columnKinds[c] == MessageTemplates.integerSlot {
                    let tail = tailPlanes[c]
                    guard tail == 0 || count <= input.remaining / tail else { throw input.fail("column \(c) (integers) has tail planes past the stream") }
                    tailStarts[c] = input.offset
                    input.offset += tail * count
                } else {
                    guard packedBytes[c] <= input.remaining else { throw input.fail("column \(c) (hex) has digits past the stream") }
                    hexCursors[c] = input.offset
                    input.offset += packedBytes[c]
                }
            }
        }
    }
}
