public import IILogsCore

/// An instance's state, derived from its lifecycle events and heartbeats.
public enum InstanceState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Shipping, heartbeats recent.
    case running
    /// Said `terminating`; its last words may still be arriving.
    case terminating
    /// Ended cleanly (`shutdown` or a deployer's `terminated`).
    case terminated
    /// Heartbeats stopped without a `terminating` event.
    case lost
    /// Flagged by a deployer (`quarantined-by-deployer`) or a rule, and not released.
    case quarantined
}

/// Which instances to list, and the clock and grace period used to derive `lost`.
public struct InstanceFilter: Sendable, Hashable {
    public var image: String?
    public var state: InstanceState?
    public var instanceID: String?
    public var now: Timestamp
    /// Silence after which a running instance counts as lost.
    public var lostAfter: Duration

    public init(image: String? = nil, state: InstanceState? = nil, instanceID: String? = nil, now: Timestamp, lostAfter: Duration) {
        self.image = image
        self.state = state
        self.instanceID = instanceID
        self.now = now
        self.lostAfter = lostAfter
    }
}

/// Batches and lines received from an instance, and what went missing on the way.
public struct DeliveryStats: Sendable, Hashable, Codable {
    public var batches: Int = 0
    public var lines: Int = 0
    public var duplicateBatches: Int = 0
    /// Sequence numbers below the highest stored that never arrived.
    public var sequenceGaps: Int = 0
    /// Records the agent's spool dropped (its own report, cumulative).
    public var agentDroppedRecords: Int = 0
    public var lastSequence: UInt64 = 0

    public init() {}
}

public struct InstanceSummary: Sendable, Hashable {
    public var identity: InstanceIdentity
    public var state: InstanceState
    public var firstSeen: Timestamp
    /// Last batch, event or heartbeat received.
    public var lastSeen: Timestamp
    /// Time of the newest log line stored.
    public var lastLogTime: Timestamp?
    /// Name of the newest lifecycle event, if any.
    public var lastEvent: String?
    public var delivery: DeliveryStats

    public init(identity: InstanceIdentity, state: InstanceState, firstSeen: Timestamp, lastSeen: Timestamp,
                lastLogTime: Timestamp?, lastEvent: String?, delivery: DeliveryStats) {
        self.identity = identity
        self.state = state
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastLogTime = lastLogTime
        self.lastEvent = lastEvent
        self.delivery = delivery
    }
}

public struct ImageSummary: Sendable, Hashable {
    public var imageVersion: String
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var instances: Int
    /// Instances per derived state (states with none are absent).
    public var byState: [InstanceState: Int]
    public var lines: Int

    public init(imageVersion: String, firstSeen: Timestamp, lastSeen: Timestamp, instances: Int, byState: [InstanceState: Int], lines: Int) {
        self.imageVersion = imageVersion
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.instances = instances
        self.byState = byState
        self.lines = lines
    }
}

public struct StoredEvent: Sendable, Hashable {
    public var instanceID: String
    public var event: LifecycleEvent
    public var receivedAt: Timestamp
    /// The agent (over the wire protocol) or a deployer (`POST /v1/events`).
    public var source: LifecycleSource
    /// A deployer event's idempotency key; nil for agent events.
    public var eventID: String?

    public init(instanceID: String, event: LifecycleEvent, receivedAt: Timestamp, source: LifecycleSource = .agent, eventID: String? = nil) {
        self.instanceID = instanceID
        self.event = event
        self.receivedAt = receivedAt
        self.source = source
        self.eventID = eventID
    }
}
