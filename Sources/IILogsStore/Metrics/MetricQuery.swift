public import IILogsCore

/// Which metric series to return, over which time window, and how to fold them into steps.
public struct MetricQuery: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// Every series of one instance.
        case instance(String)
        /// Every series of every instance of one image version (with percentiles across instances per step).
        case image(String)
    }

    public var scope: Scope
    public var name: MetricNameMatch
    /// Series whose labels include every pair given here (other labels may be present).
    public var labels: [String: String]
    /// Inclusive lower bound.
    public var since: Timestamp?
    /// Exclusive upper bound.
    public var until: Timestamp?
    /// Fold samples into buckets of this length (aligned to the epoch); nil returns every sample.
    public var step: Duration?
    /// How a step bucket's samples become one value.
    public var aggregate: MetricAggregate
    /// For `.image` scope with a `step`: percentiles (0–100) across the instances' step values.
    public var percentiles: [Double]
    /// More matching series than this is an `.invalidQuery` error (narrow the name or labels); does not apply
    /// when `includeInstanceSeries` is false.
    public var maxSeries: Int
    /// False returns only the percentile series (for an image's percentiles across many instances).
    public var includeInstanceSeries: Bool

    /// Series a query may return when the caller does not say.
    public static let defaultMaxSeries = 2_000

    public init(scope: Scope, name: MetricNameMatch = .any, labels: [String: String] = [:], since: Timestamp? = nil,
                until: Timestamp? = nil, step: Duration? = nil, aggregate: MetricAggregate = .avg, percentiles: [Double] = [],
                maxSeries: Int = defaultMaxSeries, includeInstanceSeries: Bool = true) {
        self.scope = scope
        self.name = name
        self.labels = labels
        self.since = since
        self.until = until
        self.step = step
        self.aggregate = aggregate
        self.percentiles = percentiles
        self.maxSeries = maxSeries
        self.includeInstanceSeries = includeInstanceSeries
    }

    /// The checks every store applies before running the query; failures are `.invalidQuery`.
    public func validate() throws(StoreError) {
        if let step, step <= .zero { throw StoreError(.invalidQuery, "step \(step) must be positive") }
        if let since, let until, since >= until { throw StoreError(.invalidQuery, "since must be before until") }
        if maxSeries < 1 { throw StoreError(.invalidQuery, "maxSeries \(maxSeries) must be at least 1") }
        if let bad = percentiles.first(where: { !(0...100).contains($0) }) {
            throw StoreError(.invalidQuery, "percentile \(bad) must be between 0 and 100")
        }
    }
}

/// Which metric names a query selects.
public enum MetricNameMatch: Sendable, Hashable {
    case any
    /// Exactly this name (`cpu.busy`).
    case exact(String)
    /// Every name starting with this text (`disk.` selects `disk.read_bytes`, `disk.write_bytes`, …).
    case prefix(String)

    /// Parses the API's and the CLI's spelling: `disk.*` and `disk.` are prefixes, anything else is exact.
    public init(parsing text: String) {
        if text.hasSuffix("*") {
            self = .prefix(String(text.dropLast()))
        } else if text.hasSuffix(".") {
            self = .prefix(text)
        } else {
            self = .exact(text)
        }
    }

    public func matches(_ name: String) -> Bool {
        switch self {
        case .any: true
        case .exact(let wanted): name == wanted
        case .prefix(let prefix): name.hasPrefix(prefix)
        }
    }
}

/// How the samples of one step bucket become one value. NaN samples are ignored; a bucket whose samples are all
/// NaN yields NaN (and `count` 0).
public enum MetricAggregate: String, Sendable, Hashable, CaseIterable {
    case avg, min, max, last, count, sum
}
