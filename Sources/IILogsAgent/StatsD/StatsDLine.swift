public import IILogsCore

/// One parsed StatsD line: a metric update or an event (docs/METRICS.md, "StatsD dialect").
public enum StatsDLine: Sendable, Hashable {
    case metric(StatsDMetric)
    /// `event:NAME|detail`: recorded as a lifecycle event, as `iilogs-agent event NAME --detail …` would.
    case event(name: String, detail: String)
}

/// One metric update: `name:value|type[|@rate][|#tag:value,tag]`.
public struct StatsDMetric: Sendable, Hashable {
    /// What the value means.
    public enum Kind: Sendable, Hashable {
        /// `c`: add `value / sampleRate` to the interval's count.
        case counter
        /// `g`: set the gauge to `value`, or change it by `value` when written with a sign (`+3`, `-2`).
        case gauge(isDelta: Bool)
        /// `ms`, `h` or `d`: one duration (or any distribution value), in milliseconds for `ms`.
        case timer
        /// `s`: one member of a set; the interval reports how many distinct members were seen.
        case set(member: String)
    }

    public var name: String
    public var kind: Kind
    /// The number (0 for sets).
    public var value: Double
    /// `@rate`: the sender sent only this share of updates (0 < rate ≤ 1), 1 when absent.
    public var sampleRate: Double
    /// DogStatsD tags, as sample labels: `#env:prod,canary` → `env=prod`, `canary=`.
    public var tags: [LogField]

    public init(name: String, kind: Kind, value: Double, sampleRate: Double = 1, tags: [LogField] = []) {
        self.name = name
        self.kind = kind
        self.value = value
        self.sampleRate = sampleRate
        self.tags = tags
    }
}

/// Why a StatsD line was refused; each is counted by ``reason`` and the line is skipped.
public enum StatsDParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case lineTooLong(length: Int, limit: Int)
    case badName(String)
    case missingValue(line: String)
    case badValue(String)
    case unknownType(String)
    case badSampleRate(String)
    case badTag(String)
    case badEvent(String)
    /// A DogStatsD form this dialect does not take (`_e{…}` events, `_sc` service checks).
    case unsupported(String)

    /// Short snake-case name for counters and logs.
    public var reason: String {
        switch self {
        case .lineTooLong: "line_too_long"
        case .badName: "bad_name"
        case .missingValue: "missing_value"
        case .badValue: "bad_value"
        case .unknownType: "unknown_type"
        case .badSampleRate: "bad_sample_rate"
        case .badTag: "bad_tag"
        case .badEvent: "bad_event"
        case .unsupported: "unsupported"
        }
    }

    public var description: String {
        switch self {
        case .lineTooLong(let length, let limit): "line of \(length) bytes; mustn't exceed statsd.maxLineBytes \(limit)"
        case .badName(let name): "metric name \"\(name)\" must be 1–\(StatsDParser.maxNameBytes) characters of A-Z a-z 0-9 . _ -"
        case .missingValue(let line): "no ':value|type' in \"\(line)\""
        case .badValue(let value): "value \"\(value)\" is not a finite number"
        case .unknownType(let type): "type \"\(type)\" is not c, g, ms, h, d or s"
        case .badSampleRate(let rate): "sample rate \"\(rate)\" must be @ and a number in (0, 1]"
        case .badTag(let tag): "tag \"\(tag)\" must be name[:value] with a name of A-Z a-z 0-9 . _ - /"
        case .badEvent(let problem): "event: \(problem)"
        case .unsupported(let form): "\(form) is not supported (see docs/METRICS.md)"
        }
    }
}
