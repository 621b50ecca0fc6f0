/// Builds the columnar body of a version-1 log block, or the meta stream of a version-2 or -3 one (layout:
/// docs/CHUNK-FORMAT.md).
///
/// Columns, in order: count; timestamps (zig-zag varint, first absolute then delta to the previous
/// line); severity bytes; facility bytes; the string dictionary; hostname, app and procID indexes;
/// message lengths (versions 1 and 2) then message bytes (version 1); fields (count per line, then name
/// index and value per field).
struct LogBlockBodyWriter {
    private(set) var bytes: [UInt8] = []
    /// Where each column but the last ends in ``bytes``: deflate blocks may end there, so each column gets a
    /// Huffman code fitted to it (``Zlib/deflate(_:level:blockEnds:)``; version 4's meta stream).
    private(set) var columnEnds: [Int] = []
    private var dictionary: [String: Int] = [:]
    /// The dictionary, in index order.
    private(set) var dictionaryStrings: [String] = []
    /// Each line's app as a dictionary index.
    private(set) var appIndexes: [Int] = []

    /// What the body holds of the messages.
    enum MessageColumns {
        /// Lengths, then the bytes (version 1).
        case inline
        /// Lengths only; the bytes go in sections (version 2).
        case lengths
        /// Neither; the sections hold both (version 3).
        case none
    }

    /// Encodes `records` into ``bytes``, with as much of the messages as `messages` says.
    init(records: [LogRecord], messages: MessageColumns = .inline) {
        // Loops go by index and read single properties: `for record in records` copied every record (a retain
        // per string) once per loop, a tenth of encoding a block on the syslog path.
        let count = records.count
        let messagesInline = messages == .inline
        let hostIndexes = internColumn(records) { $0.hostname }
        appIndexes = internColumn(records) { $0.app }
        let procIndexes = internColumn(records) { $0.procID }
        for i in 0..<count {
            for field in records[i].fields { _ = intern(field.name) }
        }

        var messageBytes = 0
        if messagesInline { for i in 0..<count { messageBytes += records[i].message.utf8.count } }
        bytes.reserveCapacity(messageBytes + count * 12 + 64)

        appendVarint(UInt64(count))
        var previous: Int64 = 0
        for i in 0..<count {
            let t = records[i].time.nanosecondsSinceEpoch
            appendVarint(ZigZag.encode(t &- previous))
            previous = t
        }
        columnEnds.append(bytes.count)
        for i in 0..<count { bytes.append(records[i].severity.rawValue) }
        columnEnds.append(bytes.count)
        for i in 0..<count { bytes.append(records[i].facility) }
        columnEnds.append(bytes.count)

        appendVarint(UInt64(dictionaryStrings.count))
        for string in dictionaryStrings { appendString(string) }
        columnEnds.append(bytes.count)
        for index in hostIndexes { appendVarint(UInt64(index)) }
        columnEnds.append(bytes.count)
        for index in appIndexes { appendVarint(UInt64(index)) }
        columnEnds.append(bytes.count)
        for index in procIndexes { appendVarint(UInt64(index)) }
        columnEnds.append(bytes.count)

        if messages != .none {
            for i in 0..<count { appendVarint(UInt64(records[i].message.utf8.count)) }
            columnEnds.append(bytes.count)
        }
        if messagesInline {
            for i in 0..<count { bytes.append(contentsOf: records[i].message.utf8) }
            columnEnds.append(bytes.count)
        }

        for i in 0..<count {
            appendVarint(UInt64(records[i].fields.count))
            for field in records[i].fields {
                appendVarint(UInt64(dictionary[field.name] ?? 0))
                appendString(field.value)
            }
        }
    }

    /// Each record's `property` as a dictionary index; a line repeating the previous line's value (one
    /// sender's host, a run of one app) skips the hash look-up.
    private mutating func internColumn(_ records: [LogRecord], _ property: (LogRecord) -> String) -> [Int] {
        var indexes = [Int](repeating: 0, count: records.count)
        var last: (string: String, index: Int)?
        for i in records.indices {
            let string = property(records[i])
            if let last, last.string == string {
                indexes[i] = last.index
                continue
            }
            let index = intern(string)
            indexes[i] = index
            last = (string, index)
        }
        return indexes
    }

    private mutating func intern(_ string: String) -> Int {
        if let index = dictionary[string] { return index }
        let index = dictionaryStrings.count
        dictionary[string] = index
        dictionaryStrings.append(string)
        return index
    }

    private mutating func appendString(_ string: String) {
        appendVarint(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    private mutating func appendVarint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }
}

/// Zig-zag mapping of signed to unsigned integers so small negative deltas stay small varints.
enum ZigZag {
    @inline(__always)
    static func encode(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    @inline(__always)
    static func decode(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }
}
