internal import CZlib

/// zlib deflate/inflate over byte arrays, with an output cap on inflate (zip-bomb guard).
public enum Zlib {
    /// A zlib failure: corrupt input, or output over the caller's cap.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case outputTooLarge(limit: Int)
        case corrupt(code: Int32)
        case truncated
        /// The stream ended after `actual` bytes where exactly `expected` were declared.
        case shorterThanDeclared(expected: Int, actual: Int)

        public var description: String {
            switch self {
            case .outputTooLarge(let limit): "inflated data exceeds the limit of \(limit) bytes"
            case .corrupt(let code): "corrupt zlib stream (zlib error \(code))"
            case .truncated: "truncated zlib stream"
            case .shorterThanDeclared(let expected, let actual): "zlib stream inflates to \(actual) bytes; \(expected) declared"
            }
        }
    }

    /// Compresses `input` as one zlib stream. `level` 0–9 (1 fastest, 6 zlib's default, 9 smallest).
    ///
    /// `blockEnds` (offsets into `input`, ascending) end a deflate block there (a `Z_BLOCK` flush). Inflating
    /// gives `input` back either way; the boundaries only let parts with different statistics (text, then
    /// near-random bytes) each get a Huffman code of their own instead of sharing one fitted to neither.
    public static func deflate(_ input: UnsafeRawBufferPointer, level: Int32, blockEnds: [Int] = []) -> [UInt8] {
        var stream = z_stream()
        let initResult = deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(initResult == Z_OK, "deflateInit failed: \(initResult)")  // only fails on bad level or out of memory
        defer { deflateEnd(&stream) }
        // Each Z_BLOCK flush may add a few bytes beyond deflateBound's single-call estimate.
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 16 * blockEnds.count
        var output = [UInt8](repeating: 0, count: bound)
        let produced: Int = output.withUnsafeMutableBytes { out in
            let base = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            let ends = blockEnds + [input.count]
            var start = 0
            for (i, end) in ends.enumerated() {
                precondition(end >= start && end <= input.count, "block ends must ascend within the input")
                let last = i == ends.count - 1
                if !last && end == start { continue }  // an empty block: zlib refuses a flush with nothing new
                stream.next_in = UnsafeMutablePointer(mutating: base.map { $0 + start })
                stream.avail_in = uInt(end - start)
                let result = CZlib.deflate(&stream, last ? Z_FINISH : Z_BLOCK)
                precondition(result == (last ? Z_STREAM_END : Z_OK) && stream.avail_in == 0,
                             "deflate with a deflateBound-sized buffer must take all input: \(result)")
                start = end
            }
            return out.count - Int(stream.avail_out)
        }
        output.removeLast(output.count - produced)
        return output
    }

    public static func deflate(_ input: [UInt8], level: Int32, blockEnds: [Int] = []) -> [UInt8] {
        input.withUnsafeBytes { deflate($0, level: level, blockEnds: blockEnds) }
    }

    /// Inflates one zlib stream. `expectedSize` sizes the first buffer; output beyond `limit` throws.
    public static func inflate(_ input: UnsafeRawBufferPointer, expectedSize: Int = 0, limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(code: Z_MEM_ERROR)
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(0, min(limit, max(64, expectedSize > 0 ? expectedSize : input.count * 4))))
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            if produced == output.count {
                guard output.count < limit else {
                    // Full at the cap: fine only if the stream ends here.
                    var probe: UInt8 = 0
                    let end = withUnsafeMutablePointer(to: &probe) { p -> Int32 in
                        stream.next_out = p
                        stream.avail_out = 1
                        return CZlib.inflate(&stream, Z_NO_FLUSH)
                    }
                    if end == Z_STREAM_END && stream.avail_out == 1 { break }
                    throw .outputTooLarge(limit: limit)
                }
                output.append(contentsOf: repeatElement(0, count: min(limit, output.count * 2) - output.count))
            }
            let result: Int32 = output.withUnsafeMutableBytes { out in
                stream.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                let room = out.count - produced
                stream.avail_out = uInt(room)
                let r = CZlib.inflate(&stream, Z_NO_FLUSH)
                produced += room - Int(stream.avail_out)
                return r
            }
            switch result {
            case Z_STREAM_END:
                output.removeLast(output.count - produced)
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                if stream.avail_in == 0 && produced < output.count { throw .truncated }
                continue
            default:
                throw .corrupt(code: result)
            }
        }
        output.removeLast(output.count - produced)
        return output
    }

    /// Inflates one zlib stream into `output`, which it must fill exactly: a stream that ends sooner, goes on
    /// longer, or is followed by other bytes throws.
    public static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(Failure) {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(code: Z_MEM_ERROR)
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        // zlib refuses a null output pointer even with no room; an empty buffer may have no address.
        var spare: UInt8 = 0
        let outputStart = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.next_out = outputStart ?? withUnsafeMutablePointer(to: &spare) { $0 }
        stream.avail_out = uInt(output.count)
        var result = Z_OK
        while result == Z_OK { result = CZlib.inflate(&stream, Z_FINISH) }
        if result == Z_BUF_ERROR && stream.avail_out == 0 {
            // Full before the stream's end was read: fine only if it ends without another byte.
            var probe: UInt8 = 0
            result = withUnsafeMutablePointer(to: &probe) { p -> Int32 in
                stream.next_out = p
                stream.avail_out = 1
                return CZlib.inflate(&stream, Z_FINISH)
            }
            guard stream.avail_out == 1 else { throw .outputTooLarge(limit: output.count) }
            stream.avail_out = 0
        }
        switch result {
        case Z_STREAM_END:
            let produced = output.count - Int(stream.avail_out)
            guard produced == output.count else { throw .shorterThanDeclared(expected: output.count, actual: produced) }
            guard stream.avail_in == 0 else { throw .corrupt(code: Z_DATA_ERROR) }  // bytes after the stream's end
        case Z_BUF_ERROR:
            throw .truncated
        default:
            throw .corrupt(code: result)
        }
    }

    /// The first `count` bytes the stream inflates to (fewer when it ends sooner), without inflating the rest.
    public static func inflatePrefix(_ input: [UInt8], count: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(code: Z_MEM_ERROR)
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(0, count))
        var input = input
        let (result, produced) = input.withUnsafeMutableBytes { inBytes in
            output.withUnsafeMutableBytes { out -> (Int32, Int) in
                stream.next_in = inBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inBytes.count)
                stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                var r = Z_OK
                while r == Z_OK && stream.avail_out > 0 && stream.avail_in > 0 { r = CZlib.inflate(&stream, Z_NO_FLUSH) }
                return (r, out.count - Int(stream.avail_out))
            }
        }
        guard result == Z_OK || result == Z_STREAM_END || (result == Z_BUF_ERROR && produced == count) else {
            throw result == Z_BUF_ERROR ? .truncated : .corrupt(code: result)
        }
        output.removeLast(output.count - produced)
        return output
    }

    public static func inflate(_ input: [UInt8], expectedSize: Int = 0, limit: Int) throws(Failure) -> [UInt8] {
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(Failure) -> [UInt8] in try inflate(buffer, expectedSize: expectedSize, limit: limit) }
        }
        return try result.get()
    }
}

/// CRC-32 with the zlib (IEEE 802.3) polynomial, as zlib's `crc32()` computes it.
public enum CRC32 {
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return previous }
        return UInt32(crc32(uLong(previous), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    public static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }

    public static func checksum(_ bytes: ArraySlice<UInt8>, continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }
}
