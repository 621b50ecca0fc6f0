/// JSON shapes of deployer events and timelines (docs/API.md), shared by the collector and the CLI.

/// One event in the body of `POST /v1/events` (the body is one of these or an array of them).
public struct APIDeployerEvent: Codable, Sendable, Hashable {
    public var instance: String
    public var image: String
    /// `launched`, `terminate-requested`, `terminated` or `quarantined-by-deployer`.
    public var event: String
    /// RFC 3339; the collector's receipt time when absent.
    public var time: String?
    public var detail: String?
    /// Idempotency key; without it the same (instance, event, time) is stored once.
    public var id: String?

    public init(instance: String, image: String, event: String, time: String? = nil, detail: String? = nil, id: String? = nil) {
        self.instance = instance
        self.image = image
        self.event = event
        self.time = time
        self.detail = detail
        self.id = id
    }
}

/// What the collector did with one posted event.
public struct APIDeployerEventResult: Codable, Sendable, Hashable {
    /// The idempotency key used (the given `id`, or one derived from event and time).
    public var id: String
    public var instance: String
    public var event: String
    public var time: String
    /// `created` or `duplicate`.
    public var status: String

    public init(id: String, instance: String, event: String, time: String, status: String) {
        self.id = id
        self.instance = instance
        self.event = event
        self.time = time
        self.status = status
    }
}

/// The answer to `POST /v1/events`: 201 when something was created, 200 when everything was a duplicate.
public struct APIPostEventsResponse: Codable, Sendable, Hashable {
    public var results: [APIDeployerEventResult]
    public var created: Int
    public var duplicates: Int

    public init(results: [APIDeployerEventResult], created: Int, duplicates: Int) {
        self.results = results
        self.created = created
        self.duplicates = duplicates
    }
}

/// `GET /v1/instances/{id}/timeline`.
public struct APITimeline: Codable, Sendable, Hashable {
    public var instance: String
    public var image: String
    public var state: String
    public var boots: [APIBoot]
    public var heartbeats: Int
    public var heartbeatIntervalSeconds: Double?
    /// RFC 3339 time of the earliest entry: the origin of every entry's `offsetSeconds`.
    public var start: String?
    public var entries: [APITimelineEntry]

    public init(instance: String, image: String, state: String, boots: [APIBoot], heartbeats: Int, heartbeatIntervalSeconds: Double?,
                start: String?, entries: [APITimelineEntry]) {
        self.instance = instance
        self.image = image
        self.state = state
        self.boots = boots
        self.heartbeats = heartbeats
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.start = start
        self.entries = entries
    }
}

public struct APIBoot: Codable, Sendable, Hashable {
    public var boot: String
    public var firstSeen: String
    public var uptimeSeconds: Double?
    public var bootedAt: String?

    public init(boot: String, firstSeen: String, uptimeSeconds: Double?, bootedAt: String?) {
        self.boot = boot
        self.firstSeen = firstSeen
        self.uptimeSeconds = uptimeSeconds
        self.bootedAt = bootedAt
    }
}

/// One timeline line. `kind`: `event`, `reboot`, `state`, `first-log`, `last-log`, `gap`, `end`.
public struct APITimelineEntry: Codable, Sendable, Hashable {
    /// Absent only for sequence gaps.
    public var time: String?
    public var offsetSeconds: Double?
    public var kind: String
    public var name: String
    /// `agent` or `deployer` for events.
    public var source: String?
    public var boot: String?
    public var detail: String
    public var from: String?
    public var to: String?
    /// End of a silence gap.
    public var until: String?
    public var stream: UInt64?
    public var firstMissingSequence: UInt64?
    public var lastMissingSequence: UInt64?

    public init(time: String?, offsetSeconds: Double?, kind: String, name: String, source: String?, boot: String?, detail: String,
                from: String?, to: String?, until: String?, stream: UInt64?, firstMissingSequence: UInt64?, lastMissingSequence: UInt64?) {
        self.time = time
        self.offsetSeconds = offsetSeconds
        self.kind = kind
        self.name = name
        self.source = source
        self.boot = boot
        self.detail = detail
        self.from = from
        self.to = to
        self.until = until
        self.stream = stream
        self.firstMissingSequence = firstMissingSequence
        self.lastMissingSequence = lastMissingSequence
    }
}
