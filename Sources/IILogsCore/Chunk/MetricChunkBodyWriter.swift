/// Builds the body of a version-1 metric chunk: count, times (delta of delta), values (XOR, significant bytes).
struct MetricChunkBodyWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ points: [MetricPoint]) {
        bytes.reserveCapacity(bytes.count + 2 + points.count * 4)
        appendVarint(UInt64(points.count))
        var previousTime: Int64 = 0
        var previousDelta: Int64 = 0
        for (i, point) in points.enumerated() {
            let t = point.time.nanosecondsSinceEpoch
            let delta = t &- previousTime
            appendVarint(ZigZag.encode(i == 0 ? t : delta &- previousDelta))
            previousDelta = i == 0 ? 0 : delta
            previousTime = t
        }
        var previousBits: UInt64 = 0
        for point in points {
            appendXOR(point.value.bitPattern ^ previousBits)
            previousBits = point.value.bitPattern
        }
    }

    /// One header byte `trailing zero bytes << 4 | significant bytes`, then the significant bytes, low first.
    private mutating func appendXOR(_ x: UInt64) {
        guard x != 0 else {
            bytes.append(0)
            return
        }
        let trailing = x.trailingZeroBitCount / 8
        let significant = 8 - x.leadingZeroBitCount / 8 - trailing
        bytes.append(UInt8(trailing << 4 | significant))
        var v = x >> UInt64(8 * trailing)
        for _ in 0..<significant {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    mutating func appendVarint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }
}
