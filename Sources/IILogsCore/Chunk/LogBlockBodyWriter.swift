/// Builds the columnar body of a version-1 log block, or the meta stream of a version-2 one (layout:
/// docs/CHUNK-FORMAT.md).
///
/// Columns, in order: count; timestamps (zig-zag varint, first absolute then delta to the previous
/// line); severity bytes; facility bytes; the string dictionary; hostname, app and procID indexes;
/// message lengths then (version 1 only) message bytes; fields (count per line, then name index and
/// value per field).
struct LogBlockBodyWriter {
    private(set) var bytes: [UInt8] = []
    private var dictionary: [String: Int] = [:]
    /// The dictionary, in index order.
    private(set) var dictionaryStrings: [String] = []
    /// Each line's app as a dictionary index.
    private(set) var appIndexes: [Int] = []

    /// Encodes `records` into ``bytes``, with the message bytes after their lengths when `messagesInline`
    /// (version 1) or left out for the caller to put in sections (version 2).
    init(records: [LogRecord], messagesInline: Bool = true) {
        let hostIndexes = records.map { intern($0.hostname) }
        appIndexes = records.map { intern($0.app) }
        let procIndexes = records.map { intern($0.procID) }
        for record in records { for field in record.fields { _ = intern(field.name) } }

        let messageBytes = messagesInline ? records.reduce(0) { $0 + $1.message.utf8.count } : 0
        bytes.reserveCapacity(messageBytes + records.count * 12 + 64)

        appendVarint(UInt64(records.count))
        var previous: Int64 = 0
        for record in records {
            let t = record.time.nanosecondsSinceEpoch
            appendVarint(ZigZag.encode(t &- previous))
            previous = t
        }
        for record in records { bytes.append(record.severity.rawValue) }
        for record in records { bytes.append(record.facility) }

        appendVarint(UInt64(dictionaryStrings.count))
        for string in dictionaryStrings { appendString(string) }
        for index in hostIndexes { appendVarint(UInt64(index)) }
        for index in appIndexes { appendVarint(UInt64(index)) }
        for index in procIndexes { appendVarint(UInt64(index)) }

        for record in records { appendVarint(UInt64(record.message.utf8.count)) }
        if messagesInline {
            for record in records { bytes.append(contentsOf: record.message.utf8) }
        }

        for record in records {
            appendVarint(UInt64(record.fields.count))
            for field in record.fields {
                appendVarint(UInt64(dictionary[field.name] ?? 0))
                appendString(field.value)
            }
        }
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
