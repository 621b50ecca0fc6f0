/// One metric around the end of life, with the range its siblings spanned.
public struct PostmortemMetricSeries: Codable, Sendable, Hashable {
    /// `cpu`, `memory`, `disk`, `network-rx`, …
    public var name: String
    /// `%`, `MiB`, `KiB/s`, …
    public var unit: String
    /// Points in time order.
    public var points: [PostmortemMetricPoint]
    /// The siblings' range over the whole window, when no per-point band is known.
    public var siblingRange: ValueRange?

    public init(name: String, unit: String, points: [PostmortemMetricPoint], siblingRange: ValueRange? = nil) {
        self.name = name
        self.unit = unit
        self.points = points
        self.siblingRange = siblingRange
    }

    public var values: [Double] { points.map(\.value) }
}

public struct PostmortemMetricPoint: Codable, Sendable, Hashable {
    public var time: String
    public var value: Double
    /// The siblings' minimum and maximum at this time (the shaded band), when known.
    public var siblingMin: Double?
    public var siblingMax: Double?

    public init(time: String, value: Double, siblingMin: Double? = nil, siblingMax: Double? = nil) {
        self.time = time
        self.value = value
        self.siblingMin = siblingMin
        self.siblingMax = siblingMax
    }
}

public struct ValueRange: Codable, Sendable, Hashable {
    public var min: Double
    public var max: Double

    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }
}
