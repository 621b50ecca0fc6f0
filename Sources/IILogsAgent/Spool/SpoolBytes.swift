/// Big-endian integer and length-prefixed field writing/reading for spool entries and the ledger.
struct SpoolByteWriter {
    var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(bytes field: [UInt8]) {
        write(UInt32(truncatingIfNeeded: field.count))
        bytes.append(contentsOf: field)
    }

    mutating func write(string: String) { write(bytes: Array(string.utf8)) }
}

/// Reads what ``SpoolByteWriter`` wrote; every read is bounds-checked and returns nil past the end.
struct SpoolByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { return nil }
        var value: T = 0
        for index in offset..<(offset + size) { value = value << 8 | T(bytes[index]) }
        offset += size
        return value
    }

    mutating func readBytes() -> [UInt8]? {
        guard let count: UInt32 = read(), Int(count) <= remaining else { return nil }
        let field = Array(bytes[offset..<(offset + Int(count))])
        offset += Int(count)
        return field
    }

    mutating func readString() -> String? { readBytes().map { String(decoding: $0, as: UTF8.self) } }
}
