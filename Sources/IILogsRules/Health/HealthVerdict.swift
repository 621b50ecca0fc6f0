/// An image version's verdict. Ordered from good to bad, so `max` combines verdicts.
public enum HealthVerdict: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case healthy, degraded, failing

    /// The CLI's exit code (`iilogs health --image V`): healthy 0, failing 1, degraded 2.
    public var exitCode: Int32 {
        switch self {
        case .healthy: 0
        case .failing: 1
        case .degraded: 2
        }
    }

    var badness: Int {
        switch self {
        case .healthy: 0
        case .degraded: 1
        case .failing: 2
        }
    }

    public static func < (lhs: HealthVerdict, rhs: HealthVerdict) -> Bool { lhs.badness < rhs.badness }
}
