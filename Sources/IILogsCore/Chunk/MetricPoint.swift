/// One (time, value) sample of a metric series, as a metric chunk holds it (docs/CHUNK-FORMAT.md, "Metric chunks").
///
/// Equality compares values by bit pattern, so NaN equals the same NaN and round-trip tests can compare arrays.
public struct MetricPoint: Sendable, Hashable {
    public var time: Timestamp
    public var value: Double

    public init(time: Timestamp, value: Double) {
        self.time = time
        self.value = value
    }

    public static func == (lhs: MetricPoint, rhs: MetricPoint) -> Bool {
        lhs.time == rhs.time && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(time)
        hasher.combine(value.bitPattern)
    }
}
