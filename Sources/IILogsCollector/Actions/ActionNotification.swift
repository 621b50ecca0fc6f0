public import IILogsCore

/// What the collector tells deployers and operator commands: an instance was flagged, or an image
/// version's health verdict changed.
///
/// This is the body of every webhook (docs/WEBHOOKS.md) and the source of a command action's
/// environment. The JSON keys are stable snake_case names; absent optionals are omitted:
/// ```json
/// {"evidence":["12 lines matched 'panic:' in 5m"],"id":"flag-i-0abc-7","image":"web-2026.11.3",
///  "instance_id":"i-0abc","kind":"instance_flagged","labels":{"zone":"eu-west-1a"},
///  "reason":"crash loop: 4 restarts in 10m","rule":"crash-loop","action":"quarantine",
///  "time":"2026-11-23T12:00:00.000000000Z","version":1}
/// ```
/// `id` is unique per notification and stays the same across retries, so a receiver can
/// deduplicate (delivery is at least once).
public struct ActionNotification: Sendable, Hashable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A rule flagged an instance (`instance_id`, `rule`, `action`, `reason`, `evidence`).
        case instanceFlagged = "instance_flagged"
        /// An image version's verdict changed (`verdict`, `previous_verdict`, `reason`).
        case imageVerdictChanged = "image_verdict_changed"
    }

    /// Version of this JSON shape; bumped only on incompatible changes.
    public static let currentVersion = 1

    public var version: Int
    public var kind: Kind
    /// Unique per notification; the same on every retry (receivers deduplicate by it).
    public var id: String
    /// When the flag was raised or the verdict changed.
    public var time: Timestamp
    /// The flagged instance (`instanceFlagged` only).
    public var instanceID: String?
    /// Image version of the instance, or the image whose verdict changed.
    public var image: String
    /// Name of the rule that fired.
    public var rule: String?
    /// What the rule asks for (`quarantine`, `flag`, …).
    public var action: String?
    /// One line a human can read.
    public var reason: String
    /// New verdict (`healthy`, `degraded`, `failing`) for `imageVerdictChanged`.
    public var verdict: String?
    /// Verdict before the change, if there was one.
    public var previousVerdict: String?
    /// Short summaries of the evidence (matching lines, samples), already bounded by the producer.
    public var evidence: [String]
    /// Fleet labels of the instance (service, region, zone, …).
    public var labels: [String: String]

    public init(kind: Kind, id: String, time: Timestamp, instanceID: String? = nil, image: String,
                rule: String? = nil, action: String? = nil, reason: String, verdict: String? = nil,
                previousVerdict: String? = nil, evidence: [String] = [], labels: [String: String] = [:]) {
        self.version = Self.currentVersion
        self.kind = kind
        self.id = id
        self.time = time
        self.instanceID = instanceID
        self.image = image
        self.rule = rule
        self.action = action
        self.reason = reason
        self.verdict = verdict
        self.previousVerdict = previousVerdict
        self.evidence = evidence
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case version, kind, id, time
        case instanceID = "instance_id"
        case image, rule, action, reason, verdict
        case previousVerdict = "previous_verdict"
        case evidence, labels
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? Self.currentVersion
        kind = try c.decode(Kind.self, forKey: .kind)
        id = try c.decode(String.self, forKey: .id)
        let text = try c.decode(String.self, forKey: .time)
        guard let parsed = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not an RFC 3339 time: \(text)")
        }
        time = parsed
        instanceID = try c.decodeIfPresent(String.self, forKey: .instanceID)
        image = try c.decode(String.self, forKey: .image)
        rule = try c.decodeIfPresent(String.self, forKey: .rule)
        action = try c.decodeIfPresent(String.self, forKey: .action)
        reason = try c.decode(String.self, forKey: .reason)
        verdict = try c.decodeIfPresent(String.self, forKey: .verdict)
        previousVerdict = try c.decodeIfPresent(String.self, forKey: .previousVerdict)
        evidence = try c.decodeIfPresent([String].self, forKey: .evidence) ?? []
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(RFC3339.format(time), forKey: .time)
        try c.encodeIfPresent(instanceID, forKey: .instanceID)
        try c.encode(image, forKey: .image)
        try c.encodeIfPresent(rule, forKey: .rule)
        try c.encodeIfPresent(action, forKey: .action)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(verdict, forKey: .verdict)
        try c.encodeIfPresent(previousVerdict, forKey: .previousVerdict)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(labels, forKey: .labels)
    }
}
