/// Who the instance was and how its life ended.
public struct PostmortemIdentity: Codable, Sendable, Hashable {
    public var instance: String
    public var image: String
    /// `running`, `terminating`, `terminated`, `lost`, `quarantined`.
    public var state: String
    public var firstSeen: String
    public var lastSeen: String
    /// When its life ended (terminated, or the last sign of life of a lost instance); nil while running.
    /// Charts mark it and "the last lines" end there.
    public var end: String?
    /// Why it ended, in words (`lost: no heartbeat after 09:41:07`).
    public var endReason: String?
    /// Boots in time order (an instance that rebooted has several).
    public var boots: [ReportBoot]
    public var labels: [String: String]

    public init(instance: String, image: String, state: String, firstSeen: String, lastSeen: String, end: String? = nil,
                endReason: String? = nil, boots: [ReportBoot] = [], labels: [String: String] = [:]) {
        self.instance = instance
        self.image = image
        self.state = state
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.end = end
        self.endReason = endReason
        self.boots = boots
        self.labels = labels
    }
}

/// One boot of an instance.
public struct ReportBoot: Codable, Sendable, Hashable {
    public var id: String
    public var firstSeen: String
    public var lastSeen: String

    public init(id: String, firstSeen: String, lastSeen: String) {
        self.id = id
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
