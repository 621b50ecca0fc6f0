/// Total reader of a version-1 metric chunk body: malformed input ends in a ``MetricChunkError`` naming the
/// column, never a trap or an out-of-bounds read.
struct MetricChunkBodyReader {
    private let buffer: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    var remaining: Int { buffer.count - offset }

    /// Every point; the count is checked against `maxSamples` and the bytes left before anything is allocated.
    mutating func readPoints(maxSamples: Int) throws(MetricChunkError) -> [MetricPoint] {
        let count = try readVarint("count")
        guard count <= UInt64(max(0, maxSamples)) else {
            throw MetricChunkError(field: "count", problem: "\(count) samples exceeds maxSamples \(maxSamples)")
        }
        guard count <= UInt64(remaining / 2) else {
            throw MetricChunkError(field: "count", problem: "\(count) samples cannot fit in the \(remaining) bytes left (2 bytes each at least)")
        }
        let n = Int(count)
        var times = [Int64](repeating: 0, count: n)
        var previousTime: Int64 = 0
        var previousDelta: Int64 = 0
        for i in 0..<n {
            let encoded = ZigZag.decode(try readVarint("times"))
            if i == 0 {
                previousTime = encoded
            } else {
                previousDelta = previousDelta &+ encoded
                previousTime = previousTime &+ previousDelta
            }
            times[i] = previousTime
        }
        var points: [MetricPoint] = []
        points.reserveCapacity(n)
        var bits: UInt64 = 0
        for i in 0..<n {
            bits ^= try readXOR(sample: i)
            points.append(MetricPoint(time: Timestamp(nanosecondsSinceEpoch: times[i]), value: Double(bitPattern: bits)))
        }
        guard remaining == 0 else {
            throw MetricChunkError(field: "body", problem: "\(remaining) unexpected bytes after the last value")
        }
        return points
    }

    private mutating func readXOR(sample: Int) throws(MetricChunkError) -> UInt64 {
        guard offset < buffer.count else {
            throw MetricChunkError(field: "values", problem: "truncated at sample \(sample)")
        }
        let header = buffer[offset]
        offset += 1
        let trailing = Int(header >> 4)
        let significant = Int(header & 0x0F)
        if significant == 0 {
            guard trailing == 0 else {
                throw MetricChunkError(field: "values", problem: "sample \(sample): header \(header) has no significant bytes but \(trailing) trailing")
            }
            return 0
        }
        guard trailing + significant <= 8 else {
            throw MetricChunkError(field: "values", problem: "sample \(sample): \(trailing) trailing + \(significant) significant bytes exceed 8")
        }
        guard significant <= remaining else {
            throw MetricChunkError(field: "values", problem: "sample \(sample) needs \(significant) bytes; \(remaining) left")
        }
        var x: UInt64 = 0
        for i in 0..<significant { x |= UInt64(buffer[offset + i]) << UInt64(8 * i) }
        offset += significant
        return x << UInt64(8 * trailing)
    }

    mutating func readVarint(_ field: String) throws(MetricChunkError) -> UInt64 {
        do {
            return try Varint.read(buffer, at: &offset)
        } catch {
            throw MetricChunkError(field: field, problem: error.description)
        }
    }
}
