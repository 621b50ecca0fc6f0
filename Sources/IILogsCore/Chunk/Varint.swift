/// Unsigned LEB128 shared by the chunk body writers and readers (7 bits a byte, low group first, at most 10 bytes).
enum Varint {
    /// Appends `value` to `bytes`.
    @inline(__always)
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Why a varint could not be read; `offset` is the body offset the problem was found at.
    enum Problem: Error {
        case overflow(offset: Int)
        case truncated(offset: Int)

        /// The words the readers put into their typed errors.
        var description: String {
            switch self {
            case .overflow(let offset): "varint overflows 64 bits at body offset \(offset)"
            case .truncated(let offset): "truncated varint at body offset \(offset)"
            }
        }
    }

    /// Reads one varint at `offset`, advancing it past the varint.
    @inline(__always)
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int) throws(Problem) -> UInt64 {
        // Most values (indexes, lengths under 128, small deltas) are one byte.
        if offset < buffer.count, buffer[offset] < 0x80 {
            offset += 1
            return UInt64(buffer[offset - 1])
        }
        return try readLong(buffer, at: &offset)
    }

    private static func readLong(_ buffer: UnsafeBufferPointer<UInt8>, at offset: inout Int) throws(Problem) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < buffer.count {
            let byte = buffer[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw .overflow(offset: offset - 1) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw .truncated(offset: offset)
    }
}
