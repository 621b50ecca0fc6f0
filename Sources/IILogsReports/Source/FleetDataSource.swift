public import IILogsCore
public import IILogsStore

/// Where the CLI reads from: a live collector over HTTP, or a data folder opened offline.
///
/// Both answer in the API's JSON shapes, so every command prints the same thing either way.
public protocol FleetDataSource: Sendable {
    func logs(_ query: LogQuery) async throws -> APILogsResponse
    func instances(image: String?, state: InstanceState?) async throws -> [APIInstance]
    /// Nil when the instance is unknown.
    func instance(_ id: String) async throws -> APIInstance?
    func images() async throws -> [APIImage]
    /// Metric series (FleetDataSource+Metrics.swift).
    func metrics(_ query: MetricQuery) async throws -> APIMetricsResponse
    func metricNames(_ scope: MetricQuery.Scope) async throws -> [APIMetricName]
    /// The instance's timeline; nil when the instance is unknown.
    func timeline(_ id: String) async throws -> APITimeline?
    /// Every quarantine flag and warning the instance had, newest first; nil when the source cannot tell
    /// (FleetDataSource+Flags.swift).
    func flags(instance id: String) async throws -> [APIFlag]?
    /// Lines and error lines per image version per step over the last `window` (FleetDataSource+Activity.swift).
    func activity(window: Duration, step: Duration) async throws -> APIActivityResponse
}

/// Reads through a collector's HTTP API.
public struct RemoteFleetDataSource: FleetDataSource {
    public var client: CollectorClient

    public init(client: CollectorClient) {
        self.client = client
    }

    public func logs(_ query: LogQuery) async throws -> APILogsResponse { try await client.logs(query) }
    public func instances(image: String?, state: InstanceState?) async throws -> [APIInstance] {
        try await client.instances(image: image, state: state)
    }
    public func instance(_ id: String) async throws -> APIInstance? { try await client.instance(id) }
    public func images() async throws -> [APIImage] { try await client.images() }
    public func timeline(_ id: String) async throws -> APITimeline? { try await client.timeline(id) }
}

/// Reads a store directly (`--data DIR`), e.g. a database copied off a collector for a post-mortem.
public struct LocalFleetDataSource: FleetDataSource {
    public var store: any LogStore
    /// Silence after which a running instance counts as lost (the collector's `--lost-after`).
    public var lostAfter: Duration
    /// The API shape of a stored flag. Its evidence and command runs are JSON the collector's rule engine
    /// wrote, so the decoder comes from the collector (`APIFlag.init(_:)` in IILogsCollector); nil: flags
    /// are not read.
    public var flagView: (@Sendable (StoredFlag) -> APIFlag)?

    public init(store: any LogStore, lostAfter: Duration, flagView: (@Sendable (StoredFlag) -> APIFlag)?) {
        self.store = store
        self.lostAfter = lostAfter
        self.flagView = flagView
    }

    public func logs(_ query: LogQuery) async throws -> APILogsResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await store.queryLogs(query)
        let elapsed = clock.now - start
        return APILogsResponse(lines: result.lines.map(APILogLine.init),
                               stats: APIQueryStats(result.stats, elapsedMicroseconds: Int(elapsed.totalNanoseconds / 1000)))
    }

    public func instances(image: String?, state: InstanceState?) async throws -> [APIInstance] {
        try await store.instances(InstanceFilter(image: image, state: state, now: .now(), lostAfter: lostAfter)).map { APIInstance($0) }
    }

    public func instance(_ id: String) async throws -> APIInstance? {
        guard let summary = try await store.instances(InstanceFilter(instanceID: id, now: .now(), lostAfter: lostAfter)).first else {
            return nil
        }
        return APIInstance(summary, events: try await store.events(instanceID: id))
    }

    public func images() async throws -> [APIImage] {
        try await store.images(at: .now(), lostAfter: lostAfter).map(APIImage.init)
    }

    public func timeline(_ id: String) async throws -> APITimeline? {
        try await store.timeline(instanceID: id, now: .now(), lostAfter: lostAfter).map(APITimeline.init)
    }
}
