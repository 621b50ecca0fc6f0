/// One metric of the canary comparison, in the manner of Kayenta's metric configuration.
public struct CanaryMetric: Sendable, Hashable, Codable {
    /// Which change is bad.
    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        /// Only a significant increase fails (`High`); a decrease passes.
        case increase
        /// Only a significant decrease fails (`Low`).
        case decrease
        /// Either way fails.
        case either
    }

    /// `error_rate` (per-instance share of lines at `err` or worse), `crash_rate` (per-instance crashes),
    /// or a metric name whose samples are compared (`cpu.busy`).
    public var name: String
    public var direction: Direction
    /// Share of the score this metric carries.
    public var weight: Double
    /// A failing critical metric makes the verdict `failing` whatever the score.
    public var critical: Bool

    public init(name: String, direction: Direction = .increase, weight: Double = 1, critical: Bool = false) {
        self.name = name
        self.direction = direction
        self.weight = weight
        self.critical = critical
    }

    public static let errorRate = "error_rate"
    public static let crashRate = "crash_rate"
}
