/// Total reader of a columnar body: every malformed input ends in a ``LogBlockError`` naming the column,
/// never a trap or an out-of-bounds read.
///
/// A version-1 body holds the message bytes after their lengths (``MessagePlacement/inline``); a version-2
/// block's meta stream holds only the lengths, and the bytes sit in per-app sections inflated apart
/// (``MessagePlacement/sections(_:)``); a version-3 meta stream holds neither, its sections both.
struct LogBlockBodyReader {
    /// Where the message bytes are.
    enum MessagePlacement {
        /// After the message lengths in this body; message ranges are offsets into it.
        case inline
        /// In the sections of a version-2 block; message ranges are offsets into the buffer that holds the
        /// inflated sections (``LogBlockSectionLayout``).
        case sections(LogBlockSectionLayout)
    }

    private let buffer: UnsafeBufferPointer<UInt8>
    private let placement: MessagePlacement
    private let layout: LogBlockBodyWriter.MetaLayout
    private var offset = 0

    /// A reader of `buffer`, a body or meta stream laid out as `layout` says (``LogBlockBodyWriter/MetaLayout``).
    init(_ buffer: UnsafeBufferPointer<UInt8>, messages placement: MessagePlacement = .inline,
         layout: LogBlockBodyWriter.MetaLayout = .perColumn) {
        self.buffer = buffer
        self.placement = placement
        self.layout = layout
    }

    /// Bytes not yet read.
    var remaining: Int { buffer.count - offset }

    /// Decodes every line; `expectedCount` is the summary's line count. `messages` holds the message bytes
    /// when they are not inline (every section inflated).
    mutating func readRecords(expectedCount: Int, messages: UnsafeBufferPointer<UInt8>? = nil) throws(LogBlockError) -> [LogRecord] {
        let columns = try readColumns(expectedCount: expectedCount)
        let messages = messages ?? buffer
        var records: [LogRecord] = []
        records.reserveCapacity(columns.count)
        for i in 0..<columns.count {
            records.append(columns.record(at: i, in: messages))
        }
        try readFields(lineCount: columns.count, dictionary: columns.dictionary) { i, fields in records[i].fields = fields }
        return records
    }

    /// Decodes whole only the lines `keep` accepts, given the located columns, the buffer holding the
    /// messages and the line's index; the others are validated and skipped without building a string. Lines
    /// whose section was not inflated are skipped without asking `keep`. Returns the columns too.
    mutating func readRecords(expectedCount: Int, messages: UnsafeBufferPointer<UInt8>? = nil,
                              keeping keep: (LogBlockColumnIndex, UnsafeBufferPointer<UInt8>, Int) -> Bool)
        throws(LogBlockError) -> (columns: LogBlockColumnIndex, kept: [(index: Int, record: LogRecord)]) {
        let columns = try readColumns(expectedCount: expectedCount)
        let messages = messages ?? buffer
        var kept: [(index: Int, record: LogRecord)] = []
        var slots = [Int](repeating: -1, count: columns.count)  // line → its place in `kept`
        for i in 0..<columns.count where columns.isMessageLoaded(i) && keep(columns, messages, i) {
            slots[i] = kept.count
            kept.append((i, columns.record(at: i, in: messages)))
        }
        try readFields(lineCount: columns.count, dictionary: columns.dictionary, wanted: { slots[$0] >= 0 }) { i, fields in
            kept[slots[i]].record.fields = fields
        }
        return (columns, kept)
    }

    /// Reads the fields column to its end (nothing may follow it), handing `use` the fields of each line
    /// `wanted` accepts that has any; the values of other lines are checked and skipped.
    private mutating func readFields(lineCount: Int, dictionary: [String], wanted: (Int) -> Bool = { _ in true },
                                     _ use: (Int, [LogField]) -> Void) throws(LogBlockError) {
        for i in 0..<lineCount {
            let fieldCount = try readCount("fields.count", perItemBytes: 2)
            guard fieldCount > 0 else { continue }
            guard wanted(i) else {
                for _ in 0..<fieldCount {
                    _ = try readIndex("fields.name", dictionaryCount: dictionary.count)
                    _ = try readBytes("fields.value", count: try readLength("fields.value"))
                }
                continue
            }
            var fields: [LogField] = []
            fields.reserveCapacity(fieldCount)
            for _ in 0..<fieldCount {
                let nameIndex = try readIndex("fields.name", dictionaryCount: dictionary.count)
                fields.append(LogField(dictionary[nameIndex], try readString("fields.value")))
            }
            use(i, fields)
        }
        guard remaining == 0 else {
            throw LogBlockError(field: "body", problem: "\(remaining) unexpected bytes after the last column")
        }
    }

    /// Reads every column up to and including the messages (not the fields), validating each, and
    /// leaves the reader at the fields column. Messages are located, not copied: inline ones in this body,
    /// sectioned ones in the buffer of inflated sections the layout describes.
    mutating func readColumns(expectedCount: Int) throws(LogBlockError) -> LogBlockColumnIndex {
        let times: [Int64], severities: [UInt8], facilities: [UInt8]
        var apps: [Int] = []
        if layout == .lineKinds {
            times = try readTimes(expectedCount: expectedCount, perLineBytes: 4)
            (severities, facilities, apps) = try readLineKinds(count: times.count)
        } else {
            (times, severities) = try readTimesAndSeverities(expectedCount: expectedCount)
            facilities = Array(try readBytes("facilities", count: times.count))
        }
        let count = times.count

        let dictionaryCount = try readCount("dictionary.count", perItemBytes: 1)
        var dictionary: [String] = []
        dictionary.reserveCapacity(dictionaryCount)
        for _ in 0..<dictionaryCount { dictionary.append(try readString("dictionary")) }
        let hosts = try readIndexes("hostnames", count: count, dictionaryCount: dictionaryCount)
        let procIDs: ProcIDColumn
        if layout == .lineKinds {
            if let bad = apps.firstIndex(where: { $0 >= dictionaryCount }) {
                throw LogBlockError(field: "lineKinds.app", problem: "line \(bad)'s app is index \(apps[bad]), outside a dictionary of \(dictionaryCount)")
            }
            procIDs = try readProcIDs(count: count, dictionaryCount: dictionaryCount)
        } else {
            apps = try readIndexes("apps", count: count, dictionaryCount: dictionaryCount)
            procIDs = .indexes(try readIndexes("procIDs", count: count, dictionaryCount: dictionaryCount))
        }

        var messageStarts = [Int](repeating: 0, count: count)
        var messageEnds = [Int](repeating: 0, count: count)
        switch placement {
        case .inline:
            var totalMessageBytes = 0
            for i in 0..<count {
                let length = try readLength("messages.length")
                messageStarts[i] = totalMessageBytes
                totalMessageBytes += length
                messageEnds[i] = totalMessageBytes
                guard totalMessageBytes <= remaining else {
                    throw LogBlockError(field: "messages", problem: "lengths add up past the end of the body")
                }
            }
            // The bytes start after the last length.
            for i in 0..<count {
                messageStarts[i] += offset
                messageEnds[i] += offset
            }
            offset += totalMessageBytes
        case .sections(let layout):
            let sectionOfApp = try layout.sectionOfApp(dictionaryCount: dictionaryCount)
            if let lineEnds = layout.lineEnds {
                try locateMessages(apps: apps, sectionOfApp: sectionOfApp, layout: layout, lineEnds: lineEnds,
                                   starts: &messageStarts, ends: &messageEnds)
                break
            }
            var used = [Int](repeating: 0, count: layout.sections.count)  // bytes placed in each section so far
            for i in 0..<count {
                let length = try readVarint("messages.length")
                let section = sectionOfApp[apps[i]]
                guard section >= 0 else {
                    throw LogBlockError(field: "sections", problem: "line \(i)'s app (dictionary index \(apps[i])) is in no section")
                }
                guard length <= UInt64(layout.sections[section].inflatedLength - used[section]) else {
                    throw LogBlockError(field: "messages.length", problem: "line \(i)'s message runs past the end of section \(section) (\(layout.sections[section].inflatedLength) bytes)")
                }
                if let base = layout.bases[section] {
                    messageStarts[i] = base + used[section]
                    messageEnds[i] = messageStarts[i] + Int(length)
                } else {
                    (messageStarts[i], messageEnds[i]) = (-1, -1)
                }
                used[section] += Int(length)
            }
            for (section, bytes) in used.enumerated() where bytes != layout.sections[section].inflatedLength {
                throw LogBlockError(field: "sections", problem: "section \(section) holds \(layout.sections[section].inflatedLength) bytes; its lines' messages add up to \(bytes)")
            }
        }
        return LogBlockColumnIndex(times: times, severities: severities, facilities: facilities, dictionary: dictionary,
                                   hosts: hosts, apps: apps, procIDs: procIDs, messageStarts: messageStarts, messageEnds: messageEnds)
    }

    /// Version 3: each line's message is the next line of its app's section, as the section's templates
    /// decoded it; every inflated section must hold exactly its apps' lines.
    private func locateMessages(apps: [Int], sectionOfApp: [Int], layout: LogBlockSectionLayout, lineEnds: [[Int]],
                                starts: inout [Int], ends: inout [Int]) throws(LogBlockError) {
        var next = [Int](repeating: 0, count: layout.sections.count)  // lines of each section placed so far
        for i in apps.indices {
            let section = sectionOfApp[apps[i]]
            guard section >= 0 else {
                throw LogBlockError(field: "sections", problem: "line \(i)'s app (dictionary index \(apps[i])) is in no section")
            }
            let k = next[section]
            next[section] = k + 1
            guard let base = layout.bases[section] else {
                (starts[i], ends[i]) = (-1, -1)
                continue
            }
            guard k < lineEnds[section].count else {
                throw LogBlockError(field: "sections", problem: "section \(section) holds \(lineEnds[section].count) lines; its apps have more")
            }
            starts[i] = k == 0 ? base : lineEnds[section][k - 1]
            ends[i] = lineEnds[section][k]
        }
        for section in layout.sections.indices where layout.bases[section] != nil && lineEnds[section].count != next[section] {
            throw LogBlockError(field: "sections", problem: "section \(section) holds \(lineEnds[section].count) lines; its apps have \(next[section])")
        }
    }

    /// Every line's time and severity (what error rates need), reading only as far as they go: the first two
    /// columns, or version 5's times and line kinds. `perLineBytes` is what the count check assumes is left
    /// per line (3 for a whole body: a time byte, a severity and a facility at least).
    mutating func readTimesAndSeverities(expectedCount: Int, perLineBytes: Int = 3) throws(LogBlockError) -> (times: [Int64], severities: [UInt8]) {
        let times = try readTimes(expectedCount: expectedCount, perLineBytes: perLineBytes)
        if layout == .lineKinds { return (times, try readLineKinds(count: times.count).severities) }
        let severities = Array(try readBytes("severities", count: times.count))
        if let bad = severities.firstIndex(where: { $0 > Severity.debug.rawValue }) {
            throw LogBlockError(field: "severities", problem: "line \(bad) has severity \(severities[bad]); must be 0–7")
        }
        return (times, severities)
    }

    /// The line count (which must be `expectedCount`) and the timestamps.
    private mutating func readTimes(expectedCount: Int, perLineBytes: Int) throws(LogBlockError) -> [Int64] {
        let count = try readCount("count", perItemBytes: perLineBytes)
        guard count == expectedCount else {
            throw LogBlockError(field: "count", problem: "body has \(count) lines; summary says \(expectedCount)")
        }
        var times = [Int64](repeating: 0, count: count)
        var previous: Int64 = 0
        for i in 0..<count {
            let delta = try readVarint("timestamps")
            previous = previous &+ ZigZag.decode(delta)
            times[i] = previous
        }
        return times
    }

    /// Version 5: the table of line kinds (severity, facility, app dictionary index — the caller checks the
    /// index once the dictionary is read) and each line's kind, as per-line columns. There are no more kinds
    /// than lines, so the times-only reader knows how far into the stream the kinds can reach.
    private mutating func readLineKinds(count: Int) throws(LogBlockError) -> (severities: [UInt8], facilities: [UInt8], apps: [Int]) {
        let kindCount = try readCount("lineKinds.count", perItemBytes: 3)
        guard kindCount <= count else {
            throw LogBlockError(field: "lineKinds.count", problem: "\(kindCount) kinds for \(count) lines")
        }
        var kinds: [(severity: UInt8, facility: UInt8, app: Int)] = []
        kinds.reserveCapacity(kindCount)
        for k in 0..<kindCount {
            let pair = try readBytes("lineKinds", count: 2)
            guard pair[pair.startIndex] <= Severity.debug.rawValue else {
                throw LogBlockError(field: "lineKinds", problem: "kind \(k) has severity \(pair[pair.startIndex]); must be 0–7")
            }
            let app = try readVarint("lineKinds.app")
            guard app <= UInt64(Int32.max) else {
                throw LogBlockError(field: "lineKinds.app", problem: "kind \(k)'s app index \(app) is out of range")
            }
            kinds.append((pair[pair.startIndex], pair[pair.startIndex + 1], Int(app)))
        }
        var severities = [UInt8](repeating: 0, count: count)
        var facilities = [UInt8](repeating: 0, count: count)
        var apps = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let kind = kinds[try readIndex("lineKinds.index", dictionaryCount: kindCount, table: "kind table")]
            (severities[i], facilities[i], apps[i]) = kind
        }
        return (severities, facilities, apps)
    }

    /// Version 5's procIDs: dictionary indexes, or integer planes (0 none, n + 1 the decimal n).
    private mutating func readProcIDs(count: Int, dictionaryCount: Int) throws(LogBlockError) -> ProcIDColumn {
        let mode = try readBytes("procIDs.mode", count: 1).first!
        switch mode {
        case ProcIDPlanes.dictionaryMode:
            return .indexes(try readIndexes("procIDs", count: count, dictionaryCount: dictionaryCount))
        case ProcIDPlanes.planesMode:
            let width = Int(try readBytes("procIDs.width", count: 1).first!)
            guard (1...8).contains(width) else {
                throw LogBlockError(field: "procIDs.width", problem: "\(width) bytes; must be 1–8")
            }
            guard count <= remaining / width else {
                throw LogBlockError(field: "procIDs", problem: "\(width) planes of \(count) bytes cannot fit in the \(remaining) bytes left")
            }
            var values = [UInt64](repeating: 0, count: count)
            for _ in 0..<width {
                let plane = try readBytes("procIDs", count: count)
                for (i, byte) in plane.enumerated() { values[i] = values[i] << 8 | UInt64(byte) }
            }
            return .numbers(values)
        default:
            throw LogBlockError(field: "procIDs.mode", problem: "mode \(mode); must be 0 (dictionary) or 1 (integer planes)")
        }
    }

    private mutating func readVarint(_ field: String) throws(LogBlockError) -> UInt64 {
        do {
            return try Varint.read(buffer, at: &offset)
        } catch {
            throw LogBlockError(field: field, problem: error.description)
        }
    }

    /// A count of items that each take at least `perItemBytes` further bytes, checked against what is left.
    private mutating func readCount(_ field: String, perItemBytes: Int) throws(LogBlockError) -> Int {
        let value = try readVarint(field)
        guard value <= UInt64(remaining / perItemBytes) else {
            throw LogBlockError(field: field, problem: "\(value) items cannot fit in the \(remaining) bytes left")
        }
        return Int(value)
    }

    private mutating func readLength(_ field: String) throws(LogBlockError) -> Int {
        let value = try readVarint(field)
        guard value <= UInt64(remaining) else {
            throw LogBlockError(field: field, problem: "length \(value) exceeds the \(remaining) bytes left")
        }
        return Int(value)
    }

    /// An index below `dictionaryCount`; `table` names what it indexes in the error.
    private mutating func readIndex(_ field: String, dictionaryCount: Int, table: String = "dictionary") throws(LogBlockError) -> Int {
        let value = try readVarint(field)
        guard value < UInt64(dictionaryCount) else {
            throw LogBlockError(field: field, problem: "index \(value) outside a \(table) of \(dictionaryCount)")
        }
        return Int(value)
    }

    private mutating func readIndexes(_ field: String, count: Int, dictionaryCount: Int) throws(LogBlockError) -> [Int] {
        var indexes = [Int](repeating: 0, count: count)
        for i in 0..<count { indexes[i] = try readIndex(field, dictionaryCount: dictionaryCount) }
        return indexes
    }

    private mutating func readBytes(_ field: String, count: Int) throws(LogBlockError) -> Slice<UnsafeBufferPointer<UInt8>> {
        guard count <= remaining else {
            throw LogBlockError(field: field, problem: "needs \(count) bytes; \(remaining) left")
        }
        defer { offset += count }
        return buffer[offset..<(offset + count)]
    }

    private mutating func readString(_ field: String) throws(LogBlockError) -> String {
        try readRawString(field, length: try readLength(field))
    }

    private mutating func readRawString(_ field: String, length: Int) throws(LogBlockError) -> String {
        let bytes = try readBytes(field, count: length)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }
}
