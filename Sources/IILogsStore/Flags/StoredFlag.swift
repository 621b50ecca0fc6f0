public import IILogsCore

/// A rule's flag on an instance as the store keeps it (table `flags`, migration `004-flags`).
///
/// The store does not know the rule engine's types: `evidenceJSON` and `actionResultsJSON` are kept as
/// the collector wrote them (JSON arrays), and `kind`/`action` as their rule-file names.
public struct StoredFlag: Sendable, Hashable {
    /// Assigned by the store (0 before it is recorded).
    public var id: Int64
    public var instanceID: String
    public var imageVersion: String
    /// The rule's name.
    public var rule: String
    /// The rule's kind (`log_pattern`, …).
    public var kind: String
    /// `quarantine` or `warn`.
    public var action: String
    /// What the rule fired for within the instance (service, series); empty when none.
    public var key: String
    public var time: Timestamp
    public var reason: String
    /// JSON array of the evidence items.
    public var evidenceJSON: String
    public var releasedAt: Timestamp?
    public var releaseReason: String?
    /// JSON array of the command actions' runs (empty array until they ran).
    public var actionResultsJSON: String

    public init(id: Int64 = 0, instanceID: String, imageVersion: String, rule: String, kind: String, action: String,
                key: String = "", time: Timestamp, reason: String, evidenceJSON: String = "[]",
                releasedAt: Timestamp? = nil, releaseReason: String? = nil, actionResultsJSON: String = "[]") {
        self.id = id
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.rule = rule
        self.kind = kind
        self.action = action
        self.key = key
        self.time = time
        self.reason = reason
        self.evidenceJSON = evidenceJSON
        self.releasedAt = releasedAt
        self.releaseReason = releaseReason
        self.actionResultsJSON = actionResultsJSON
    }

    /// Open = not released.
    public var isOpen: Bool { releasedAt == nil }

    /// True for a flag whose rule asks for quarantine.
    public var isQuarantine: Bool { action == StoredFlag.quarantineAction }

    /// The `action` of quarantine flags.
    public static let quarantineAction = "quarantine"
}

/// Which flags ``LogStore/flags(_:)`` returns, newest first.
public struct FlagFilter: Sendable, Hashable {
    public var instanceID: String?
    /// Only flags not released.
    public var openOnly: Bool
    /// Only flags with this action (`quarantine`, `warn`); nil = all.
    public var action: String?
    /// At most this many (newest first).
    public var limit: Int

    /// Most flags one call returns.
    public static let defaultLimit = 1000

    public init(instanceID: String? = nil, openOnly: Bool = false, action: String? = nil, limit: Int = FlagFilter.defaultLimit) {
        self.instanceID = instanceID
        self.openOnly = openOnly
        self.action = action
        self.limit = limit
    }
}
