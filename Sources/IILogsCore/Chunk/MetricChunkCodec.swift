/// Encodes the samples of one metric series into a compact chunk and back (layout: docs/CHUNK-FORMAT.md,
/// "Metric chunks"; reasoning: docs/adr/004-metric-chunks.md).
///
/// Times are delta-of-delta zig-zag varints (a steady sampler costs one byte a sample); values are XORed
/// with the previous value's bits and only the significant bytes are kept (an unchanged value costs one
/// byte). The body is deflated only when that makes it smaller. `decode` is total: any input yields the
/// points or a ``MetricChunkError``, never a trap.
public enum MetricChunkCodec {
    /// Layout version written by ``encode(_:compressionLevel:)``.
    public static let formatVersion: UInt8 = 1
    /// Header flag: the body is a zlib stream preceded by its inflated size.
    static let flagDeflated: UInt8 = 0x01
    /// Bytes before the body: version, flags, CRC-32.
    static let headerBytes = 6
    /// Most samples ``decode(_:maxSamples:)`` accepts by default (a chunk in the store holds far fewer).
    public static let defaultMaxSamples = 1 << 20
    /// Largest encoded sample: a 10-byte time varint and a 9-byte value.
    static let maxBytesPerSample = 19
    /// zlib level used when the caller does not choose.
    public static let defaultCompressionLevel: Int32 = 6

    /// The chunk bytes of `points`, in the order given (any order and any times round-trip exactly).
    /// - Parameter compressionLevel: 1–9 tries zlib and keeps it only when smaller; 0 never compresses.
    public static func encode(_ points: [MetricPoint], compressionLevel: Int32 = defaultCompressionLevel) -> [UInt8] {
        var body = MetricChunkBodyWriter()
        body.write(points)
        var payload = body.bytes
        var flags: UInt8 = 0
        if compressionLevel > 0 && payload.count > 32 {
            let deflated = Zlib.deflate(payload, level: min(9, compressionLevel))
            var framed = MetricChunkBodyWriter()
            framed.appendVarint(UInt64(payload.count))
            if framed.bytes.count + deflated.count < payload.count {
                payload = framed.bytes + deflated
                flags |= flagDeflated
            }
        }
        let checksum = CRC32.checksum(payload)
        var out: [UInt8] = [formatVersion, flags]
        out.reserveCapacity(headerBytes + payload.count)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: checksum >> UInt32(shift))) }
        out += payload
        return out
    }

    /// Verifies version, flags and checksum, inflates (bounded by `maxSamples`) and decodes every point.
    public static func decode(_ bytes: [UInt8], maxSamples: Int = defaultMaxSamples) throws(MetricChunkError) -> [MetricPoint] {
        guard bytes.count >= headerBytes else {
            throw MetricChunkError(field: "header", problem: "\(bytes.count) bytes; a chunk has at least \(headerBytes)")
        }
        guard bytes[0] == formatVersion else {
            throw MetricChunkError(field: "formatVersion", problem: "version \(bytes[0]) is not supported (expected \(formatVersion))")
        }
        let flags = bytes[1]
        guard flags & ~flagDeflated == 0 else {
            throw MetricChunkError(field: "flags", problem: "unknown flag bits \(flags & ~flagDeflated)")
        }
        var declared: UInt32 = 0
        for i in 0..<4 { declared |= UInt32(bytes[2 + i]) << UInt32(8 * i) }
        let payload = bytes[headerBytes...]
        let actual = CRC32.checksum(payload)
        guard actual == declared else {
            throw MetricChunkError(field: "checksum", problem: "CRC-32 of the body is \(actual); chunk says \(declared)")
        }
        var body = Array(payload)
        if flags & flagDeflated != 0 { body = try inflate(body, maxSamples: maxSamples) }
        return try body.withUnsafeBufferPointer { buffer throws(MetricChunkError) in
            var reader = MetricChunkBodyReader(buffer)
            return try reader.readPoints(maxSamples: maxSamples)
        }
    }

    private static func inflate(_ framed: [UInt8], maxSamples: Int) throws(MetricChunkError) -> [UInt8] {
        try framed.withUnsafeBufferPointer { buffer throws(MetricChunkError) in
            var reader = MetricChunkBodyReader(buffer)
            let size = try reader.readVarint("inflatedSize")
            let limit = UInt64(min(max(0, maxSamples), 1 << 40)) * UInt64(maxBytesPerSample) + 10
            guard size <= limit else {
                throw MetricChunkError(field: "inflatedSize", problem: "\(size) bytes exceeds \(limit) (maxSamples \(maxSamples))")
            }
            let compressed = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[reader.offset...]))
            let inflated: [UInt8]
            do {
                inflated = try Zlib.inflate(compressed, expectedSize: Int(size), limit: Int(size))
            } catch {
                throw MetricChunkError(field: "compressed", problem: "\(error) (declared inflatedSize \(size))")
            }
            guard inflated.count == Int(size) else {
                throw MetricChunkError(field: "inflatedSize", problem: "body inflates to \(inflated.count) bytes; chunk says \(size)")
            }
            return inflated
        }
    }
}
