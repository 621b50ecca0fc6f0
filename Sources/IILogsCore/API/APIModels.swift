/// JSON shapes of the collector's HTTP API (docs/API.md), shared by the collector and the CLI.
///
/// Times are RFC 3339 strings with nanoseconds in UTC (`2026-11-23T09:00:00.123456789Z`).

/// One log line: `GET /v1/logs` returns `{"lines": [APILogLine], "stats": {...}}`; `iilogs query --output jsonl` prints one a line.
public struct APILogLine: Codable, Sendable, Hashable {
    public var time: String
    public var instance: String
    public var image: String
    public var severity: String
    public var facility: Int
    public var hostname: String
    public var app: String
    public var procid: String
    public var message: String
    public var fields: [String: String]?

    public init(time: String, instance: String, image: String, severity: String, facility: Int, hostname: String,
                app: String, procid: String, message: String, fields: [String: String]?) {
        self.time = time
        self.instance = instance
        self.image = image
        self.severity = severity
        self.facility = facility
        self.hostname = hostname
        self.app = app
        self.procid = procid
        self.message = message
        self.fields = fields
    }
}

public struct APIQueryStats: Codable, Sendable, Hashable {
    public var chunksConsidered: Int
    public var chunksSkippedBySeverity: Int
    public var chunksSkippedByFilter: Int
    public var chunksDecoded: Int
    public var chunksCorrupt: Int
    /// Message sections of decoded chunks left compressed by the grep's tokens (absent from older collectors).
    public var messageSectionsSkipped: Int?
    public var linesScanned: Int
    public var elapsedMicroseconds: Int

    public init(chunksConsidered: Int, chunksSkippedBySeverity: Int, chunksSkippedByFilter: Int, chunksDecoded: Int,
                chunksCorrupt: Int, messageSectionsSkipped: Int? = nil, linesScanned: Int, elapsedMicroseconds: Int) {
        self.chunksConsidered = chunksConsidered
        self.chunksSkippedBySeverity = chunksSkippedBySeverity
        self.chunksSkippedByFilter = chunksSkippedByFilter
        self.chunksDecoded = chunksDecoded
        self.chunksCorrupt = chunksCorrupt
        self.messageSectionsSkipped = messageSectionsSkipped
        self.linesScanned = linesScanned
        self.elapsedMicroseconds = elapsedMicroseconds
    }
}

public struct APILogsResponse: Codable, Sendable {
    public var lines: [APILogLine]
    public var stats: APIQueryStats
    public init(lines: [APILogLine], stats: APIQueryStats) {
        self.lines = lines
        self.stats = stats
    }
}

public struct APIDelivery: Codable, Sendable, Hashable {
    public var batches: Int
    public var lines: Int
    public var duplicateBatches: Int
    public var sequenceGaps: Int
    public var agentDroppedRecords: Int
    public var lastSequence: UInt64

    public init(batches: Int, lines: Int, duplicateBatches: Int, sequenceGaps: Int, agentDroppedRecords: Int, lastSequence: UInt64) {
        self.batches = batches
        self.lines = lines
        self.duplicateBatches = duplicateBatches
        self.sequenceGaps = sequenceGaps
        self.agentDroppedRecords = agentDroppedRecords
        self.lastSequence = lastSequence
    }
}

/// `GET /v1/instances` returns `{"instances": [APIInstance]}`; `GET /v1/instances/{id}` one, with `events`.
public struct APIInstance: Codable, Sendable, Hashable {
    public var instance: String
    public var image: String
    public var boot: String
    public var labels: [String: String]
    public var state: String
    public var firstSeen: String
    public var lastSeen: String
    public var lastLogTime: String?
    public var lastEvent: String?
    public var delivery: APIDelivery
    public var events: [APIEvent]?

    public init(instance: String, image: String, boot: String, labels: [String: String], state: String, firstSeen: String,
                lastSeen: String, lastLogTime: String?, lastEvent: String?, delivery: APIDelivery, events: [APIEvent]?) {
        self.instance = instance
        self.image = image
        self.boot = boot
        self.labels = labels
        self.state = state
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastLogTime = lastLogTime
        self.lastEvent = lastEvent
        self.delivery = delivery
        self.events = events
    }
}

public struct APIInstancesResponse: Codable, Sendable {
    public var instances: [APIInstance]
    public init(instances: [APIInstance]) { self.instances = instances }
}

public struct APIEvent: Codable, Sendable, Hashable {
    public var time: String
    public var name: String
    public var boot: String
    public var detail: String
    public var fields: [String: String]?

    public init(time: String, name: String, boot: String, detail: String, fields: [String: String]?) {
        self.time = time
        self.name = name
        self.boot = boot
        self.detail = detail
        self.fields = fields
    }
}

/// `GET /v1/images` returns `{"images": [APIImage]}`.
public struct APIImage: Codable, Sendable, Hashable {
    public var image: String
    public var firstSeen: String
    public var lastSeen: String
    public var instances: Int
    /// Instances per state name (`running`, `lost`, …).
    public var states: [String: Int]
    public var lines: Int

    public init(image: String, firstSeen: String, lastSeen: String, instances: Int, states: [String: Int], lines: Int) {
        self.image = image
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.instances = instances
        self.states = states
        self.lines = lines
    }
}

public struct APIImagesResponse: Codable, Sendable {
    public var images: [APIImage]
    public init(images: [APIImage]) { self.images = images }
}

/// Any error response: `{"error": {"code": "...", "message": "..."}}`.
public struct APIErrorBody: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public var code: String
        public var message: String
    }
    public var error: Detail
    public init(code: String, message: String) { self.error = Detail(code: code, message: message) }
}
