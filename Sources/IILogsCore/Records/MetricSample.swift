/// One sampled value of a named metric (`cpu.busy`, `mem.available_bytes`, …).
public struct MetricSample: Sendable, Hashable {
    public var time: Timestamp
    public var name: String
    public var value: Double
    public var unit: String
    public var labels: [LogField]

    public init(time: Timestamp, name: String, value: Double, unit: String = "", labels: [LogField] = []) {
        self.time = time
        self.name = name
        self.value = value
        self.unit = unit
        self.labels = labels
    }
}
