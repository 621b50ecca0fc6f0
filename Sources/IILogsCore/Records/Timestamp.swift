/// A point in time as nanoseconds since the Unix epoch (UTC).
///
/// Every record carries one. Integers rather than `Date` keep encoding exact and comparisons cheap.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public init(secondsSinceEpoch: Double) {
        self.nanosecondsSinceEpoch = Int64((secondsSinceEpoch * 1_000_000_000).rounded())
    }

    public var secondsSinceEpoch: Double { Double(nanosecondsSinceEpoch) / 1_000_000_000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    public static let zero = Timestamp(nanosecondsSinceEpoch: 0)
    public static let distantFuture = Timestamp(nanosecondsSinceEpoch: .max)

    public func adding(nanoseconds: Int64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch &+ nanoseconds)
    }

    public func adding(_ duration: Duration) -> Timestamp {
        adding(nanoseconds: duration.totalNanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    public var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return ns &+ attoseconds / 1_000_000_000
    }
}
