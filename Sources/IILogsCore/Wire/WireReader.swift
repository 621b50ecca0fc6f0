import NIOCore

/// Bounded, typed reads from one frame payload (or an inflated side payload).
///
/// Every read names its field in the error it throws; nothing here traps on any input.
struct WireReader {
    private var buffer: ByteBuffer
    /// Stream offset of the first byte of `buffer`, for error positions.
    private let baseOffset: Int
    private let startIndex: Int

    init(_ buffer: ByteBuffer, baseOffset: Int) {
        self.buffer = buffer
        self.baseOffset = baseOffset
        self.startIndex = buffer.readerIndex
    }

    /// Stream offset of the next unread byte.
    var offset: Int { baseOffset + buffer.readerIndex - startIndex }
    var remaining: Int { buffer.readableBytes }

    func error(_ message: String, code: WireProtocolError.Code = .malformed) -> WireProtocolError {
        WireProtocolError(code, message, byteOffset: offset)
    }

    mutating func integer<T: FixedWidthInteger>(_ field: @autoclosure () -> String, as: T.Type = T.self) throws(WireProtocolError) -> T {
        guard let value = buffer.readInteger(endianness: .big, as: T.self) else {
            throw error("\(field()): needs \(MemoryLayout<T>.size) bytes, \(remaining) remain")
        }
        return value
    }

    mutating func timestamp(_ field: @autoclosure () -> String) throws(WireProtocolError) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: try integer(field(), as: Int64.self))
    }

    mutating func double(_ field: @autoclosure () -> String) throws(WireProtocolError) -> Double {
        Double(bitPattern: try integer(field(), as: UInt64.self))
    }

    /// A u32 length checked against `max` and against the bytes left.
    mutating func length(_ field: @autoclosure () -> String, max: Int) throws(WireProtocolError) -> Int {
        let start = offset
        let raw = try integer(field(), as: UInt32.self)
        let count = Int(raw)
        guard count <= max else {
            throw WireProtocolError(.malformed, "\(field()) length \(count) exceeds \(max)", byteOffset: start)
        }
        guard count <= remaining else {
            throw WireProtocolError(.malformed, "\(field()) length \(count) exceeds the \(remaining) bytes left", byteOffset: start)
        }
        return count
    }

    /// A count (u32) of elements of at least `minElementBytes` each, checked against `max` and the bytes left.
    mutating func count(_ field: @autoclosure () -> String, max: Int, minElementBytes: Int) throws(WireProtocolError) -> Int {
        let start = offset
        let count = Int(try integer(field(), as: UInt32.self))
        guard count <= max else {
            throw WireProtocolError(.malformed, "\(field()) count \(count) exceeds \(max)", byteOffset: start)
        }
        guard count * minElementBytes <= remaining else {
            throw WireProtocolError(.malformed, "\(field()) count \(count) cannot fit in the \(remaining) bytes left", byteOffset: start)
        }
        return count
    }

    mutating func bytes(_ field: @autoclosure () -> String, count: Int) throws(WireProtocolError) -> [UInt8] {
        guard let bytes = buffer.readBytes(length: count) else {
            throw error("\(field()): needs \(count) bytes, \(remaining) remain")
        }
        return bytes
    }

    /// A byte string: u32 length (≤ `max`) then that many bytes.
    mutating func lengthPrefixedBytes(_ field: @autoclosure () -> String, max: Int) throws(WireProtocolError) -> [UInt8] {
        let count = try length(field(), max: max)
        return try bytes(field(), count: count)
    }

    /// A string: u32 length (≤ `max`) then that many bytes of valid UTF-8.
    mutating func string(_ field: @autoclosure () -> String, max: Int) throws(WireProtocolError) -> String {
        let count = try length(field(), max: max)
        let start = offset
        guard let slice = buffer.readSlice(length: count) else {
            throw error("\(field()): needs \(count) bytes, \(remaining) remain")
        }
        guard let string = String(validating: slice.readableBytesView, as: UTF8.self) else {
            throw WireProtocolError(.malformed, "\(field()) is not valid UTF-8", byteOffset: start)
        }
        return string
    }

    /// Throws unless every byte was read.
    func expectEnd(_ what: @autoclosure () -> String) throws(WireProtocolError) {
        guard remaining == 0 else {
            throw error("\(what()) has \(remaining) unexpected trailing bytes")
        }
    }
}

extension ByteBuffer {
    /// u32 length + UTF-8 bytes.
    mutating func writeWireString(_ string: String) {
        writeInteger(UInt32(truncatingIfNeeded: string.utf8.count), endianness: .big)
        writeString(string)
    }

    /// u32 length + bytes.
    mutating func writeWireBytes(_ bytes: [UInt8]) {
        writeInteger(UInt32(truncatingIfNeeded: bytes.count), endianness: .big)
        writeBytes(bytes)
    }

    mutating func writeWire<T: FixedWidthInteger>(_ value: T) {
        writeInteger(value, endianness: .big)
    }
}
