/// Builds the columnar body of a version-1 log block, or the meta stream of a version-2 to -5 one (layout:
/// docs/CHUNK-FORMAT.md).
///
/// Columns, in order: count; timestamps (zig-zag varint, first absolute then delta to the previous
/// line); severity bytes; facility bytes; the string dictionary; hostname, app and procID indexes;
/// message lengths (versions 1 and 2) then message bytes (version 1); fields (count per line, then name
/// index and value per field). Version 5 (``MetaLayout/lineKinds``) replaces the severity, facility and app
/// columns with a table of line kinds and stores decimal procIDs as integer planes.
struct LogBlockBodyWriter {
    private(set) var bytes: [UInt8] = []
    /// Where each column but the last ends in ``bytes``: deflate blocks may end there, so each column gets a
    /// Huffman code fitted to it (``Zlib/deflate(_:level:blockEnds:)``; the meta stream of versions 4 and 5).
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

    /// How the meta columns other than times, hosts and fields are laid out.
    enum MetaLayout {
        /// Severity, facility, app and procID columns (versions 1 to 4).
        case perColumn
        /// A table of line kinds — distinct (severity, facility, app) — with a kind index per line, then the
        /// procIDs as integer planes when all are decimal (version 5, ADR 014).
        case lineKinds
    }

    /// Encodes `records` into ``bytes``, with as much of the messages as `messages` says.
    init(records: [LogRecord], messages: MessageColumns = .inline, layout: MetaLayout = .perColumn) {
        // Loops go by index and read single properties: `for record in records` copied every record (a retain
        // per string) once per loop, a tenth of encoding a block on the syslog path.
        let count = records.count
        let messagesInline = messages == .inline
        let lineKinds = layout == .lineKinds
        let hostIndexes = internColumn(records) { $0.hostname }
        appIndexes = internColumn(records) { $0.app }
        let procIDs = lineKinds ? ProcIDPlanes(records) : nil
        let procIndexes = procIDs == nil ? internColumn(records) { $0.procID } : []
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
        if lineKinds {
            appendLineKinds(records)
        } else {
            for i in 0..<count { bytes.append(records[i].severity.rawValue) }
            columnEnds.append(bytes.count)
            for i in 0..<count { bytes.append(records[i].facility) }
            columnEnds.append(bytes.count)
        }

        appendVarint(UInt64(dictionaryStrings.count))
        for string in dictionaryStrings { appendString(string) }
        columnEnds.append(bytes.count)
        for index in hostIndexes { appendVarint(UInt64(index)) }
        columnEnds.append(bytes.count)
        if !lineKinds {
            for index in appIndexes { appendVarint(UInt64(index)) }
            columnEnds.append(bytes.count)
        }
        if let procIDs {
            procIDs.append(to: &bytes)
        } else {
            if lineKinds { bytes.append(ProcIDPlanes.dictionaryMode) }
            for index in procIndexes { appendVarint(UInt64(index)) }
        }
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

    /// Version 5: the distinct (severity, facility, app index) of the lines in order of first use, then each
    /// line's index into them.
    private mutating func appendLineKinds(_ records: [LogRecord]) {
        var kinds: [UInt64: Int] = [:]
        var table: [UInt8] = []
        var indexes = [Int](repeating: 0, count: records.count)
        var last: (key: UInt64, index: Int)?
        for i in records.indices {
            let key = UInt64(records[i].severity.rawValue) | UInt64(records[i].facility) << 8 | UInt64(appIndexes[i]) << 16
            if let last, last.key == key {
                indexes[i] = last.index
                continue
            }
            let index: Int
            if let known = kinds[key] {
                index = known
            } else {
                index = kinds.count
                kinds[key] = index
                table.append(records[i].severity.rawValue)
                table.append(records[i].facility)
                Varint.append(UInt64(appIndexes[i]), to: &table)
            }
            indexes[i] = index
            last = (key, index)
        }
        appendVarint(UInt64(kinds.count))
        bytes.append(contentsOf: table)
        columnEnds.append(bytes.count)
        for index in indexes { appendVarint(UInt64(index)) }
        columnEnds.append(bytes.count)
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

/// Version 5's procID column when every procID of a block is empty or a decimal number without leading zeros
/// (what syslog senders put there): each as an unsigned integer — 0 for none, n + 1 for n — in byte planes,
/// most significant first, instead of a dictionary string per distinct PID and an index per line.
struct ProcIDPlanes {
    /// The column's first byte: dictionary indexes follow (some procID is not a plain decimal).
    static let dictionaryMode: UInt8 = 0
    /// The column's first byte: a width byte (1–8) and that many planes follow.
    static let planesMode: UInt8 = 1
    /// Longest decimal procID stored as a number (so n + 1 fits in 64 bits).
    static let maxDigits = 18

    private var values: [UInt64]

    /// Nil when some procID is neither empty nor a plain decimal of at most ``maxDigits`` digits.
    init?(_ records: [LogRecord]) {
        values = [UInt64](repeating: 0, count: records.count)
        for i in records.indices {
            guard let value = Self.value(of: records[i].procID) else { return nil }
            values[i] = value
        }
    }

    /// 0 for an empty procID, n + 1 for the decimal n; nil for anything else (leading zeros included, so the
    /// string comes back byte for byte).
    static func value(of procID: String) -> UInt64? {
        let digits = procID.utf8
        guard !digits.isEmpty else { return 0 }
        guard digits.count <= maxDigits, digits.count == 1 || digits.first != 0x30 else { return nil }
        var n: UInt64 = 0
        for d in digits {
            guard (d &- 0x30) < 10 else { return nil }
            n = n &* 10 &+ UInt64(d &- 0x30)
        }
        return n + 1
    }

    func append(to bytes: inout [UInt8]) {
        let largest = values.max() ?? 0
        let width = max(1, (64 - largest.leadingZeroBitCount + 7) / 8)
        bytes.append(Self.planesMode)
        bytes.append(UInt8(width))
        for plane in stride(from: width - 1, through: 0, by: -1) {
            let shift = UInt64(plane * 8)
            for value in values { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
    }
}

/// Zig-zag mapping of signed to unsigned integers so small negative deltas stay small varints.
enum ZigZag {
    @inline(__always)
    static func encode(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    @inline(__always)
    static func decode(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }
}
