public import IILogsCore

/// An instance's life story: its boots, and every lifecycle event, state change, first and last log
/// line and gap in shipping, in time order (built by ``TimelineBuilder`` from what the store holds).
public struct Timeline: Sendable, Hashable {
    public var instanceID: String
    public var imageVersion: String
    /// The state now (the same rules as the instance list).
    public var state: InstanceState
    /// Each distinct boot ID the agent reported, oldest first; more than one means the instance rebooted.
    public var boots: [Boot]
    /// Heartbeats received (they are not listed one by one: the last of each boot is).
    public var heartbeats: Int
    /// The agent's heartbeat interval as inferred from its heartbeats (median spacing), nil with fewer than two.
    public var heartbeatInterval: Duration?
    /// Timed entries in time order, then sequence gaps (untimed), then `end` when the instance is over.
    public var entries: [TimelineEntry]

    public init(instanceID: String, imageVersion: String, state: InstanceState, boots: [Boot], heartbeats: Int,
                heartbeatInterval: Duration?, entries: [TimelineEntry]) {
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.state = state
        self.boots = boots
        self.heartbeats = heartbeats
        self.heartbeatInterval = heartbeatInterval
        self.entries = entries
    }

    /// One kernel boot of the instance.
    public struct Boot: Sendable, Hashable {
        public var bootID: String
        /// The first event carrying this boot ID.
        public var firstSeen: Timestamp
        /// Uptime the agent reported in its `boot` event, when it sent one.
        public var uptime: Duration?

        public init(bootID: String, firstSeen: Timestamp, uptime: Duration?) {
            self.bootID = bootID
            self.firstSeen = firstSeen
            self.uptime = uptime
        }

        /// When the kernel started: the boot event's time minus the uptime.
        public var bootedAt: Timestamp? { uptime.map { firstSeen.adding(nanoseconds: -$0.totalNanoseconds) } }
    }

    /// The earliest timed entry, the origin of relative offsets.
    public var start: Timestamp? { entries.lazy.compactMap(\.time).min() }
}
