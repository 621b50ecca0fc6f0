/// JSON shapes of flags, quarantine and image health (docs/API.md), shared by the collector and the CLI.

/// One record behind a flag. Find a log line again with `GET /v1/logs?instance=I&since=TIME&keep=oldest&limit=1`
/// (its exact time); `source` (agent batch sequence, 0 for plain syslog) and `offset` (index in that
/// batch's lines, events or samples) tell apart lines of the same time.
public struct APIFlagEvidence: Codable, Sendable, Hashable {
    /// `log`, `metric` or `event`.
    public var kind: String
    /// RFC 3339 with nanoseconds.
    public var time: String
    public var text: String
    public var source: UInt64
    public var offset: UInt32

    public init(kind: String, time: String, text: String, source: UInt64, offset: UInt32) {
        self.kind = kind
        self.time = time
        self.text = text
        self.source = source
        self.offset = offset
    }
}

/// One command action's run, recorded on its flag.
public struct APIFlagActionRun: Codable, Sendable, Hashable {
    public var argv: [String]
    public var exitStatus: Int32?
    public var signal: Int32?
    public var timedOut: Bool
    public var output: String
    public var outputTruncated: Bool
    public var durationMilliseconds: Int64
    public var startError: String?

    public init(argv: [String], exitStatus: Int32?, signal: Int32?, timedOut: Bool, output: String, outputTruncated: Bool,
                durationMilliseconds: Int64, startError: String?) {
        self.argv = argv
        self.exitStatus = exitStatus
        self.signal = signal
        self.timedOut = timedOut
        self.output = output
        self.outputTruncated = outputTruncated
        self.durationMilliseconds = durationMilliseconds
        self.startError = startError
    }
}

/// A rule's flag on an instance (`GET /v1/quarantine`, `GET /v1/quarantine/{instance}`).
public struct APIFlag: Codable, Sendable, Hashable {
    public var id: Int64
    public var instance: String
    public var image: String
    public var rule: String
    /// The rule's kind: `log_pattern`, `metric_threshold`, `heartbeat_missing`, `crash_loop`, `never_ready`, `sibling_outlier`.
    public var kind: String
    /// `quarantine` or `warn`.
    public var action: String
    /// The service or series the rule fired for; empty when none.
    public var key: String
    public var time: String
    public var reason: String
    public var evidence: [APIFlagEvidence]
    public var releasedAt: String?
    public var releaseReason: String?
    public var actionResults: [APIFlagActionRun]

    public init(id: Int64, instance: String, image: String, rule: String, kind: String, action: String, key: String, time: String,
                reason: String, evidence: [APIFlagEvidence], releasedAt: String?, releaseReason: String?, actionResults: [APIFlagActionRun]) {
        self.id = id
        self.instance = instance
        self.image = image
        self.rule = rule
        self.kind = kind
        self.action = action
        self.key = key
        self.time = time
        self.reason = reason
        self.evidence = evidence
        self.releasedAt = releasedAt
        self.releaseReason = releaseReason
        self.actionResults = actionResults
    }
}

/// `GET /v1/quarantine`: open flags, newest first.
public struct APIFlagsResponse: Codable, Sendable, Hashable {
    public var flags: [APIFlag]
    public init(flags: [APIFlag]) { self.flags = flags }
}

/// `GET /v1/quarantine/{instance}`: the instance's state and every flag it had, newest first.
public struct APIInstanceFlagsResponse: Codable, Sendable, Hashable {
    public var instance: String
    /// The registry's state (`quarantined` while a quarantine flag is open).
    public var state: String
    public var flags: [APIFlag]
    public init(instance: String, state: String, flags: [APIFlag]) {
        self.instance = instance
        self.state = state
        self.flags = flags
    }
}

/// Body of `POST /v1/quarantine/{instance}/release`.
public struct APIReleaseRequest: Codable, Sendable, Hashable {
    /// Why the instance is released (required, not empty).
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// Answer of `POST /v1/quarantine/{instance}/release`.
public struct APIReleaseResponse: Codable, Sendable, Hashable {
    public var instance: String
    /// The flags released now.
    public var released: [APIFlag]
    /// The instance's state after the release.
    public var state: String
    public init(instance: String, released: [APIFlag], state: String) {
        self.instance = instance
        self.released = released
        self.state = state
    }
}

/// `GET /v1/images/{V}/health` as the CLI reads it (the collector sends more fields; see docs/RULES.md).
public struct APIImageHealth: Codable, Sendable, Hashable {
    public struct InstanceCounts: Codable, Sendable, Hashable {
        public var total: Int
        public var alive: Int
        public var lost: Int
        public var terminated: Int
        public var quarantined: Int
    }

    public struct Metric: Codable, Sendable, Hashable {
        public var name: String
        /// `Pass`, `High`, `Low` or `NoData`.
        public var classification: String
        public var pValue: Double?
        public var reason: String
    }

    public var imageVersion: String
    public var baselineImageVersion: String?
    /// `healthy`, `degraded` or `failing`.
    public var verdict: String
    /// 0 healthy, 1 failing, 2 degraded.
    public var exitCode: Int32
    public var score: Double?
    /// Counts the rule engine saw since the collector started.
    public var instances: InstanceCounts
    /// The registry's instance counts by state (`running`, `lost`, `quarantined`, …), over the whole history.
    public var registry: [String: Int]?
    public var errorRate: Double?
    public var crashRate: Double?
    public var metrics: [Metric]
    public var reasons: [String]
}
