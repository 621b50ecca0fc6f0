/// A cursor over one message's bytes; every read is bounds-checked.
struct SyslogScanner {
    let bytes: [UInt8]
    var index: Int

    init(_ bytes: [UInt8], index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var isAtEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(at offset: Int) -> UInt8? {
        let i = index + offset
        return i >= 0 && i < bytes.count ? bytes[i] : nil
    }

    mutating func advance(_ count: Int = 1) { index = min(bytes.count, index + count) }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes bytes while `predicate` holds; returns the range consumed.
    mutating func consume(while predicate: (UInt8) -> Bool) -> Range<Int> {
        let start = index
        while index < bytes.count, predicate(bytes[index]) { index += 1 }
        return start..<index
    }

    /// The rest of the bytes as a string (invalid UTF-8 replaced by U+FFFD).
    func rest() -> String { text(index..<bytes.count) }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func error(_ field: String, _ problem: String) -> SyslogParseError {
        SyslogParseError(field: field, problem: problem, byteOffset: index)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    /// PRINTUSASCII of RFC 5424: 33–126.
    static func isPrintable(_ b: UInt8) -> Bool { b >= 33 && b <= 126 }

    static let space: UInt8 = 0x20
}
