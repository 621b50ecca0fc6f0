#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The layout of a version-3 message section before zlib (docs/CHUNK-FORMAT.md, ADR 012): each message
/// split into a *template* (its text with the variable words cut out) and typed variables — decimal numbers
/// as integers, lower-case hex IDs as nibbles — stored column by column per template slot.
///
/// Random IDs and numbers are most of what fleet logs cannot compress: as text, zlib spends ~4.3 bits on a
/// hex digit and ~3.5 on a decimal one and cannot tell a status code from a byte count. As raw bytes in a
/// column of their own slot they cost close to their information content.
enum MessageTemplates {
    /// First byte of a section stream: the line count, each line's length, then the messages as they are.
    static let plainMode: UInt8 = 0
    /// First byte of a version-3 section stream: templates, template IDs, then a column per template slot.
    static let templatedMode: UInt8 = 1
    /// First byte of a version-4 or -5 section stream: templates, template IDs, a column per shape slot, the tail.
    static let shapedMode: UInt8 = 2

    /// In a template: a decimal-integer slot.
    static let integerSlot: UInt8 = 1
    /// In a template: a lower-case hex slot.
    static let hexSlot: UInt8 = 2
    /// In a template: the next byte is literal text (a 0x01–0x03 byte of the message itself).
    static let escape: UInt8 = 3

    /// Shortest run of hex digits taken as an ID: 4, a UUID's middle groups (`e29b`), which as text made every
    /// line with a UUID a template of its own. Shorter runs (`5d`, `1e5`) stay text; a word needs a digit and a
    /// letter a–f either way (`cafe` stays text).
    static let minHexDigits = 4
    /// Longest run of hex digits taken as one ID (its length is stored in one byte).
    static let maxHexDigits = 255
    /// Longest decimal run (after leading zeros) taken as an integer; 18 digits always fit 64 bits.
    static let maxDecimalDigits = 18

    /// A word byte: ASCII letter, digit or `_`. Variables are whole words.
    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b &- 0x30) < 10 || ((b | 0x20) &- 0x61) < 26 || b == 0x5F
    }
}

/// How a templated section stream lays out its variables.
package enum MessageTemplateLayout: Sendable, Hashable {
    /// Version 3 (stream mode 1): a column per template slot, each hex ID's digits beside its length.
    case perTemplate
    /// Version 4 (stream mode 2): a column per slot of a *shape* — all templates whose slots have the same
    /// kinds in the same order share their columns — and the near-random bytes (hex digits, integer planes
    /// that look random) after all other columns, in a deflate block of their own.
    case perShape
}

/// Builds one templated (or plain) section stream from the section's messages, in line order.
///
/// Templated stream: mode byte, varint line count, varint template count, each template (varint length,
/// bytes), one varint template ID per line, then the slot columns (docs/CHUNK-FORMAT.md, versions 3 and 4).
/// Plain stream: mode byte 0, varint line count, a varint length per line, the messages' bytes.
///
/// A message's words (runs of ASCII letters, digits and `_`) that are all decimal digits become an integer
/// slot (leading zeros stay in the template), words of 4–255 lower-case hex digits with at least one digit
/// and one letter a hex slot, `0x` and lower-case hex digits (`0x7ffe12ab`) the integer 0, the text `x` and a
/// hex slot, and a word of digits followed by other word bytes (`31ms`, `1000kB`) an integer slot followed by
/// its suffix as template text; everything else is template text. Messages with equal
/// templates share one template ID. Integers are stored as fixed-width byte planes (most significant first,
/// so the usually-zero high bytes of a column are one run), hex IDs as digit counts then packed nibbles.
/// ``MessageTemplateLayout`` says whether a column belongs to one template or to a shape. When most lines
/// have a template of their own (free text), templates would cost more than they save and the section is
/// stored plain.
package struct MessageTemplateWriter {
    package let layout: MessageTemplateLayout
    /// Template bytes, one after another; `templateRanges[t]` locates template `t`.
    private var templateBytes: [UInt8] = []
    private var templateRanges: [Range<Int>] = []
    /// Distinct templates so far.
    var templateCount: Int { templateRanges.count }
    /// The column group of each template: the template itself (``MessageTemplateLayout/perTemplate``) or its
    /// shape (``MessageTemplateLayout/perShape``).
    private var templateGroup: [Int] = []
    /// Group `g`'s slots are columns `groupFirstColumn[g] ..< groupFirstColumn[g + 1]` (one entry more than groups).
    private var groupFirstColumn: [Int] = [0]
    /// Shapes seen (slot kinds in order) and their group, for ``MessageTemplateLayout/perShape``.
    private var shapeGroups: [[UInt8]: Int] = [:]
    /// Open-addressing table of template IDs + 1 (0: empty), indexed by the template's hash.
    private var table = [Int32](repeating: 0, count: 64)
    private var hashes: [UInt64] = []
    private var lineTemplates: [Int32] = []
    /// Per column (a group's slot): its kind, how many values, the largest integer, the packed hex bytes.
    private var columnKinds: [UInt8] = []
    private var columnCounts: [Int] = []
    private var columnLargest: [UInt64] = []
    private var columnPackedBytes: [Int] = []
    /// The variables in line order (``finish()`` sorts them into columns): integers, hex digit counts and
    /// packed hex digits. Flat arrays, so a writer allocates a handful of buffers whatever its templates.
    private var lineIntegers: [UInt64] = []
    private var lineHexLengths: [UInt8] = []
    private var lineHexBytes: [UInt8] = []
    /// All messages as they are, and their lengths, for the plain fallback.
    private var plain: [UInt8] = []
    private var plainLengths: [Int] = []

    /// Scratch for the message being split: its template bytes (never empty: the base address is used) and
    /// its variables in order.
    private var template = [UInt8](repeating: 0, count: 256)
    private var integers: [UInt64] = []
    private var hexRuns: [Range<Int>] = []
    private var kinds: [UInt8] = []
    /// Whole words of the integer slots that have a suffix (`31ms`) and of `0x…` literals, for their tokens.
    private var unitWords: [Range<Int>] = []

    /// The indexable token hashes (``Tokenizer``) of every message appended, as a section's token filter
    /// needs them: each template's text tokens once (an integer's suffix is not a token of its own), plus
    /// each line's hex IDs and suffixed integers (`31ms` is one token). Plain integers are never indexable
    /// (no letter) and a slot's word is bounded by non-token bytes, so this is exactly the messages' tokens
    /// without a second pass over every byte; a message whose slot touches a non-ASCII byte is tokenized
    /// from its text.
    private(set) var tokens = TokenHashSet()
    /// The templates' text tokens alone (a subset of ``tokens``): a version-6 section filter holds these, as a token
    /// of a variable holds a digit and is asked of the block's filter only (ADR 016).
    private(set) var textTokens = TokenHashSet()

    /// ``tokens`` as a set, for tests and the fuzzer.
    package var tokenHashes: Set<UInt64> {
        var set: Set<UInt64> = []
        tokens.forEach { set.insert($0) }
        return set
    }

    package init(expectedBytes: Int = 0, layout: MessageTemplateLayout = .perShape) {
        self.layout = layout
        plain.reserveCapacity(expectedBytes)
    }

    /// Lines appended so far.
    package var lineCount: Int { lineTemplates.count }
    /// Message bytes appended so far (what the section decodes to).
    package var messageBytes: Int { plain.count }
    /// Slot columns so far: one per slot of each template, or of each shape.
    package var columnCount: Int { columnKinds.count }

    /// Adds the next line's message.
    package mutating func append(_ message: UnsafeBufferPointer<UInt8>) {
        plain.append(contentsOf: message)
        plainLengths.append(message.count)
        let split = split(message)
        let t = templateID(length: split.length, hash: split.hash)
        lineTemplates.append(Int32(t))
        // A slot touching a non-ASCII byte (a token byte to the Tokenizer) is part of a longer token.
        if split.touchesNonASCII {
            Tokenizer.forEachIndexableTokenHash(in: message) { tokens.insert($0) }
        } else {
            for word in unitWords {
                Tokenizer.forEachIndexableTokenHash(in: UnsafeBufferPointer(rebasing: message[word])) { tokens.insert($0) }
            }
        }
        var integer = 0
        var hex = 0
        var column = groupFirstColumn[templateGroup[t]]
        for kind in kinds {
            columnCounts[column] += 1
            if kind == MessageTemplates.integerSlot {
                let value = integers[integer]
                integer += 1
                lineIntegers.append(value)
                columnLargest[column] = max(columnLargest[column], value)
            } else {
                let run = hexRuns[hex]
                hex += 1
                // A hex slot that is a whole word is a token; the tokenizer decides whether it is indexable (its
                // length). The digits of `0x…` are part of a longer word, whose token is in `unitWords`.
                if run.lowerBound == 0 || !MessageTemplates.isWordByte(message[run.lowerBound - 1]) {
                    Tokenizer.forEachIndexableTokenHash(in: UnsafeBufferPointer(rebasing: message[run])) { tokens.insert($0) }
                }
                lineHexLengths.append(UInt8(run.count))
                columnPackedBytes[column] += (run.count + 1) / 2
                Self.packNibbles(message, run, into: &lineHexBytes)
            }
            column += 1
        }
    }

    /// The section stream (before zlib): templated, or plain when most lines have a template of their own.
    package func finish() -> [UInt8] {
        finishWithBlockEnds().stream
    }

    /// The section stream and where its deflate blocks should end (``Zlib/deflate(_:level:blockEnds:)``): a
    /// ``MessageTemplateLayout/perShape`` stream ends one after the templates, the template IDs and the
    /// columns, so the near-random tail and each part before it get a Huffman code of their own.
    package func finishWithBlockEnds() -> (stream: [UInt8], blockEnds: [Int]) {
        if templateRanges.count * 2 > lineTemplates.count {
            var out: [UInt8] = [MessageTemplates.plainMode]
            out.reserveCapacity(plain.count + plainLengths.count * 2 + 8)
            Varint.append(UInt64(plainLengths.count), to: &out)
            for length in plainLengths { Varint.append(UInt64(length), to: &out) }
            out.append(contentsOf: plain)
            return (out, [])
        }
        let tailed = layout == .perShape
        // Each column's width and random-looking low planes (moved to the tail), and where its parts start.
        var widths = [Int](repeating: 0, count: columnKinds.count)
        var tailPlanes = [Int](repeating: 0, count: columnKinds.count)
        var columnStarts = [Int](repeating: 0, count: columnKinds.count)
        var tailStarts = [Int](repeating: 0, count: columnKinds.count)
        var mainBytes = 0
        var tailBytes = 0
        for c in columnKinds.indices where columnKinds[c] == MessageTemplates.integerSlot {
            widths[c] = max(1, (64 - columnLargest[c].leadingZeroBitCount + 7) / 8)
        }
        let planeDistinct = tailed ? distinctBytesPerPlane(widths: widths) : []
        // Templates go out sorted by their bytes: neighbours share long prefixes, so zlib's matches between them are
        // short and near (~0.2 B/line on the benchmark fleet). IDs follow that order, and so do the column groups,
        // numbered as the reader derives them: by their first template in the stream.
        let order = templateRanges.indices.sorted { templateBytes[templateRanges[$0]].lexicographicallyPrecedes(templateBytes[templateRanges[$1]]) }
        var newID = [Int](repeating: 0, count: order.count)
        var groupOrder: [Int] = []
        var groupPlaced = [Bool](repeating: false, count: groupFirstColumn.count - 1)
        for (id, t) in order.enumerated() {
            newID[t] = id
            let group = templateGroup[t]
            if !groupPlaced[group] {
                groupPlaced[group] = true
                groupOrder.append(group)
            }
        }
        for c in groupOrder.flatMap({ groupFirstColumn[$0]..<groupFirstColumn[$0 + 1] }) {
            columnStarts[c] = mainBytes
            tailStarts[c] = tailBytes
            let count = columnCounts[c]
            if columnKinds[c] == MessageTemplates.integerSlot {
                let width = widths[c]
                if tailed {
                    var tail = 0
                    while tail < width && Self.looksRandom(distinct: planeDistinct[c * 8 + tail], count: count) { tail += 1 }
                    tailPlanes[c] = tail
                }
                mainBytes += 1 + (width - tailPlanes[c]) * count
                tailBytes += tailPlanes[c] * count
            } else if tailed {
                mainBytes += count
                tailBytes += columnPackedBytes[c]
            } else {
                mainBytes += count + columnPackedBytes[c]
            }
        }

        var out: [UInt8] = []
        out.reserveCapacity(templateBytes.count + lineTemplates.count * 2 + mainBytes + tailBytes + 32)
        out.append(tailed ? MessageTemplates.shapedMode : MessageTemplates.templatedMode)
        Varint.append(UInt64(lineTemplates.count), to: &out)
        Varint.append(UInt64(templateRanges.count), to: &out)
        for t in order {
            Varint.append(UInt64(templateRanges[t].count), to: &out)
            out.append(contentsOf: templateBytes[templateRanges[t]])
        }
        let templatesEnd = out.count
        for t in lineTemplates { Varint.append(UInt64(newID[Int(t)]), to: &out) }
        let base = out.count
        let tailBase = base + mainBytes
        out.append(contentsOf: repeatElement(0, count: mainBytes + tailBytes))
        out.withUnsafeMutableBufferPointer { out in
            // Integer columns: a width byte (and, version 4, the tail plane count in its high nibble), then the
            // planes most significant first. Hex: lengths, then digits (version 4: digits in the tail).
            var rows = [Int](repeating: 0, count: columnKinds.count)
            var hexCursors = [Int](repeating: 0, count: columnKinds.count)
            for c in columnKinds.indices {
                if columnKinds[c] == MessageTemplates.integerSlot {
                    out[base + columnStarts[c]] = UInt8(widths[c] | tailPlanes[c] << 4)
                } else {
                    hexCursors[c] = tailed ? tailBase + tailStarts[c] : base + columnStarts[c] + columnCounts[c]
                }
            }
            var integer = 0
            var hex = 0
            var hexByte = 0
            for t in lineTemplates {
                let group = templateGroup[Int(t)]
                for c in groupFirstColumn[group]..<groupFirstColumn[group + 1] {
                    let row = rows[c]
                    rows[c] = row + 1
                    if columnKinds[c] == MessageTemplates.integerSlot {
                        let value = lineIntegers[integer]
                        integer += 1
                        let count = columnCounts[c]
                        let mainPlanes = widths[c] - tailPlanes[c]
                        var at = base + columnStarts[c] + 1 + row
                        for plane in stride(from: widths[c] - 1, through: 0, by: -1) {
                            if plane == widths[c] - 1 - mainPlanes { at = tailBase + tailStarts[c] + row }
                            out[at] = UInt8(truncatingIfNeeded: value >> UInt64(plane * 8))
                            at += count
                        }
                    } else {
                        let length = lineHexLengths[hex]
                        hex += 1
                        out[base + columnStarts[c] + row] = length
                        for _ in 0..<((Int(length) + 1) / 2) {
                            out[hexCursors[c]] = lineHexBytes[hexByte]
                            hexCursors[c] += 1
                            hexByte += 1
                        }
                    }
                }
            }
        }
        // Version 4: a deflate block for each part with statistics of its own (text, small IDs, columns, the
        // near-random tail); ~0.4 B/line less than one block for them all on the benchmark fleet.
        return (out, tailed ? [templatesEnd, base, tailBase] : [])
    }

    /// For every integer column `c` of width `widths[c]` and plane `p` < width (0 = least significant), at
    /// `c * 8 + p`: how many distinct byte values that plane holds.
    private func distinctBytesPerPlane(widths: [Int]) -> [Int] {
        var seen = [UInt64](repeating: 0, count: columnKinds.count * 8 * 4)  // 256 bits per plane
        var integer = 0
        for t in lineTemplates {
            let group = templateGroup[Int(t)]
            for c in groupFirstColumn[group]..<groupFirstColumn[group + 1] where columnKinds[c] == MessageTemplates.integerSlot {
                var value = lineIntegers[integer]
                integer += 1
                for p in 0..<widths[c] {
                    let byte = Int(value & 0xFF)
                    seen[(c * 8 + p) * 4 + byte >> 6] |= 1 << UInt64(byte & 63)
                    value >>= 8
                }
            }
        }
        return (0..<(columnKinds.count * 8)).map { plane in
            (0..<4).reduce(0) { $0 + seen[plane * 4 + $1].nonzeroBitCount }
        }
    }

    /// Whether a plane of `count` bytes with `distinct` values looks random enough that zlib would spend
    /// about 8 bits on each byte anyway: then it goes to the tail, so that its near-flat Huffman code does
    /// not share a deflate block with the skewed bytes of templates and small columns.
    static func looksRandom(distinct: Int, count: Int) -> Bool {
        distinct * 5 > min(1000, 3 * count)  // more than min(200, 0.6 × count) distinct values
    }

    /// Splits `message` into the template scratch (its first `length` bytes) and the variables (`integers`,
    /// `hexRuns`, `kinds` in order); also says whether a slot's word touches a non-ASCII byte.
    ///
    /// The template is written through one pointer per message: it is at most twice the message (every
    /// byte escaped), so the scratch is grown once up front instead of checked on every byte.
    private mutating func split(_ m: UnsafeBufferPointer<UInt8>) -> (length: Int, hash: UInt64, touchesNonASCII: Bool) {
        integers.removeAll(keepingCapacity: true)
        hexRuns.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
        unitWords.removeAll(keepingCapacity: true)
        if template.count < 2 * m.count { template = [UInt8](repeating: 0, count: max(2 * m.count, 2 * template.count)) }
        // A static function over plain pointers and locals: closures capturing this writer's state made every
        // access a dynamic exclusivity check (`swift_beginAccess`, ~10 % of the syslog path's profile).
        return template.withUnsafeMutableBufferPointer { t in
            Self.split(m, template: t.baseAddress!, integers: &integers, hexRuns: &hexRuns, kinds: &kinds, unitWords: &unitWords)
        }
    }

    /// Writes `m`'s template to `t` (room for `2 * m.count` bytes) and appends its variables (and the whole
    /// words of suffixed integers); returns the template's length and hash, and whether a slot's word touches
    /// a non-ASCII byte.
    private static func split(_ m: UnsafeBufferPointer<UInt8>, template t: UnsafeMutablePointer<UInt8>, integers: inout [UInt64],
                              hexRuns: inout [Range<Int>], kinds: inout [UInt8],
                              unitWords: inout [Range<Int>]) -> (length: Int, hash: UInt64, touchesNonASCII: Bool) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        var touchesNonASCII = false
        /// Whether the word `start..<end` has a non-ASCII neighbour (a ``Tokenizer`` token byte).
        @inline(__always) func nonASCIINeighbour(_ start: Int, _ end: Int) -> Bool {
            (start > 0 && m[start - 1] >= 0x80) || (end < m.count && m[end] >= 0x80)
        }
        @inline(__always) func put(_ b: UInt8, _ length: inout Int, _ hash: inout UInt64) {
            t[length] = b
            length += 1
            hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3
        }
        var i = 0
        let n = m.count
        while i < n {
            let b = m[i]
            guard MessageTemplates.isWordByte(b) else {
                if b >= 1 && b <= 3 { put(MessageTemplates.escape, &length, &hash) }
                put(b, &length, &hash)
                i += 1
                continue
            }
            let start = i
            var digits = true
            var lowerHex = true
            var hexLetter = false
            var digitsEnd = -1  // where the word's leading digits end, once a non-digit is seen
            while i < n, MessageTemplates.isWordByte(m[i]) {
                let c = m[i]
                if (c &- 0x30) >= 10 {
                    if digits { digitsEnd = i }
                    digits = false
                    if (c &- 0x61) < 6 { hexLetter = true } else { lowerHex = false }
                }
                i += 1
            }
            if lowerHex && hexLetter && i - start >= MessageTemplates.minHexDigits && i - start <= MessageTemplates.maxHexDigits {
                // a letter a–f is present (so not all digits); a digit must be too
                var hasDigit = false
                for j in start..<i where (m[j] &- 0x30) < 10 {
                    hasDigit = true
                    break
                }
                if hasDigit {
                    put(MessageTemplates.hexSlot, &length, &hash)
                    hexRuns.append(start..<i)
                    kinds.append(MessageTemplates.hexSlot)
                    if nonASCIINeighbour(start, i) { touchesNonASCII = true }
                    continue
                }
            }
            // `0x` and lower-case hex digits (`0x7ffe12ab`, `0x1000`): the integer 0, the text `x`, then a hex
            // slot, so that each address is not a template of its own. The whole word is one token.
            if Self.isHexLiteral(m, start, i) {
                put(MessageTemplates.integerSlot, &length, &hash)
                integers.append(0)
                kinds.append(MessageTemplates.integerSlot)
                put(0x78, &length, &hash)
                put(MessageTemplates.hexSlot, &length, &hash)
                hexRuns.append((start + 2)..<i)
                kinds.append(MessageTemplates.hexSlot)
                unitWords.append(start..<i)
                if nonASCIINeighbour(start, i) { touchesNonASCII = true }
                continue
            }
            // A word of digits, or digits and a suffix (`31ms`, `1000kB`): an integer slot, then the suffix (if
            // any) as template text.
            let numberEnd = digits ? i : digitsEnd
            if numberEnd > start {
                var first = start
                while first < numberEnd - 1 && m[first] == 0x30 { first += 1 }  // leading zeros stay text
                if numberEnd - first <= MessageTemplates.maxDecimalDigits {
                    for j in start..<first { put(m[j], &length, &hash) }
                    put(MessageTemplates.integerSlot, &length, &hash)
                    var value: UInt64 = 0
                    for j in first..<numberEnd { value = value &* 10 &+ UInt64(m[j] &- 0x30) }
                    integers.append(value)
                    kinds.append(MessageTemplates.integerSlot)
                    if numberEnd < i { unitWords.append(start..<i) }
                    if nonASCIINeighbour(start, i) { touchesNonASCII = true }
                    for j in numberEnd..<i { put(m[j], &length, &hash) }
                    continue
                }
            }
            for j in start..<i { put(m[j], &length, &hash) }
        }
        hash ^= hash >> 29
        return (length, hash, touchesNonASCII)
    }

    /// The ID of the template in the scratch's first `length` bytes (hashed `hash`), adding it when new.
    private mutating func templateID(length: Int, hash: UInt64) -> Int {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            let t = Int(table[slot]) - 1
            if hashes[t] == hash && templateRanges[t].count == length && sameBytes(templateRanges[t].lowerBound, length) { return t }
            slot = (slot + 1) & mask
        }
        let t = templateRanges.count
        table[slot] = Int32(t + 1)
        hashes.append(hash)
        templateRanges.append(templateBytes.count..<(templateBytes.count + length))
        template.withUnsafeBufferPointer { scratch in
            let text = UnsafeBufferPointer(rebasing: scratch[..<length])
            templateBytes.append(contentsOf: text)
            Self.forEachTextTokenHash(ofTemplate: text) {
                tokens.insert($0)
                textTokens.insert($0)
            }
        }
        if layout == .perShape, let group = shapeGroups[kinds] {
            templateGroup.append(group)
        } else {
            let group = groupFirstColumn.count - 1
            if layout == .perShape { shapeGroups[kinds] = group }
            templateGroup.append(group)
            columnKinds.append(contentsOf: kinds)
            columnCounts.append(contentsOf: repeatElement(0, count: kinds.count))
            columnLargest.append(contentsOf: repeatElement(0, count: kinds.count))
            columnPackedBytes.append(contentsOf: repeatElement(0, count: kinds.count))
            groupFirstColumn.append(columnKinds.count)
        }
        if templateRanges.count * 2 > table.count { growTable() }
        return t
    }

    /// The indexable tokens of a template's text: the messages' tokens outside slots. Slot and escape bytes
    /// are not token bytes; an integer's suffix (`ms` of `31ms`) is part of the whole word, whose token each
    /// line adds, so it is masked here.
    static func forEachTextTokenHash(ofTemplate text: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        var masked = Array(text)  // once per new template, not per line
        var inSuffix = false
        var j = 0
        while j < masked.count {
            let b = masked[j]
            if b == MessageTemplates.escape {
                inSuffix = false
                j += 2
                continue
            }
            if inSuffix && MessageTemplates.isWordByte(b) {
                masked[j] = MessageTemplates.integerSlot
            } else {
                inSuffix = b == MessageTemplates.integerSlot
            }
            j += 1
        }
        masked.withUnsafeBufferPointer { Tokenizer.forEachIndexableTokenHash(in: $0, body) }
    }

    /// Whether the stored template bytes at `offset` equal the scratch's first `length` bytes.
    private func sameBytes(_ offset: Int, _ length: Int) -> Bool {
        guard length > 0 else { return true }
        return templateBytes.withUnsafeBufferPointer { stored in
            template.withUnsafeBufferPointer { scratch in
                memcmp(stored.baseAddress! + offset, scratch.baseAddress!, length) == 0
            }
        }
    }

    private mutating func growTable() {
        table = [Int32](repeating: 0, count: table.count * 2)
        let mask = table.count - 1
        for (t, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(t + 1)
        }
    }

    /// Whether the word `m[start..<end]` is `0x` and 1–``MessageTemplates/maxHexDigits`` lower-case hex digits.
    private static func isHexLiteral(_ m: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 3, end - start - 2 <= MessageTemplates.maxHexDigits, m[start] == 0x30, m[start + 1] == 0x78 else { return false }
        for j in (start + 2)..<end where (m[j] &- 0x30) >= 10 && (m[j] &- 0x61) >= 6 { return false }
        return true
    }

    /// Hex digits `run` of `m` as nibbles, two to a byte, high nibble first (an odd count ends in a 0 nibble).
    private static func packNibbles(_ m: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, into out: inout [UInt8]) {
        @inline(__always) func nibble(_ c: UInt8) -> UInt8 { (c &- 0x30) < 10 ? c &- 0x30 : c &- 0x61 &+ 10 }
        var j = run.lowerBound
        while j + 1 < run.upperBound {
            out.append(nibble(m[j]) << 4 | nibble(m[j + 1]))
            j += 2
        }
        if j < run.upperBound { out.append(nibble(m[j]) << 4) }
    }
}
