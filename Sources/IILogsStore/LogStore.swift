public import IILogsCore

/// The storage engine behind the collector and the offline CLI: SQLite by default.
///
/// Every method is safe to call concurrently. `append` returns only after the batch is durable
/// (its transaction committed), so the collector may acknowledge it.
public protocol LogStore: Sendable {
    /// Registers a connection's identity (first/last seen, boot, labels) and returns the highest
    /// sequence already stored for (instance, stream), 0 when none.
    func openStream(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) async throws(StoreError) -> UInt64

    /// Durably stores a batch. A batch whose (instance, stream, sequence) is already stored changes
    /// nothing and returns `.duplicate`; batches older than the newest are accepted (late delivery).
    func append(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome

    /// Log lines matching `query`, in time order.
    func queryLogs(_ query: LogQuery) async throws(StoreError) -> LogQueryResult

    /// Live tail (docs/adr/005-live-tail.md). With `cursor == nil` it starts a tail: the lines `queryLogs(query)`
    /// returns, read in one snapshot with the returned cursor, so the next page begins exactly where they end.
    /// With a cursor it returns the lines matching `query`'s scope and line filters (limit and keep are ignored)
    /// from chunks committed after it, in commit order, reading whole chunks until at least `maxLines` lines
    /// matched or `maxChunks` chunks were read (then `hasMore`). Each committed line is in exactly one page.
    func tailLogs(_ query: LogQuery, after cursor: LogTailCursor?, maxLines: Int, maxChunks: Int) async throws(StoreError) -> LogTailPage

    /// Instances with their derived state and delivery accounting.
    func instances(_ filter: InstanceFilter) async throws(StoreError) -> [InstanceSummary]

    /// Image versions with instance counts by state.
    func images(at now: Timestamp, lostAfter: Duration) async throws(StoreError) -> [ImageSummary]

    /// Every image version's lines and error lines per step of `query`, by version (ImageActivity: counted from
    /// the chunk index, a chunk in the step of its newest line).
    func imageActivity(_ query: ActivityQuery) async throws(StoreError) -> [ImageActivity]

    /// Lifecycle events of one instance, oldest first.
    func events(instanceID: String) async throws(StoreError) -> [StoredEvent]

    /// When each of `instanceIDs` was last heard (any batch, stored or duplicate) and by which collector, for
    /// collectors sharing a store (docs/SCALING.md "Semantics on takeover"); unknown instances are absent.
    func receptions(instanceIDs: [String]) async throws(StoreError) -> [String: InstanceReception]

    /// Metric series of an instance or an image (raw or stepped), with percentiles across an image's instances.
    func metricSeries(_ query: MetricQuery) async throws(StoreError) -> MetricQueryResult

    /// Metric names stored for an instance or an image, by name.
    func metricNames(_ scope: MetricQuery.Scope) async throws(StoreError) -> [MetricNameSummary]

    /// Stores events a deployer announced (`POST /v1/events`), all in one transaction, in input order. An
    /// unknown instance is created under the event's image (a `launched` may come before the agent); a
    /// known one keeps its image. An event whose id is already stored for its instance changes nothing.
    func recordDeployerEvents(_ events: [DeployerEvent], receivedAt: Timestamp) async throws(StoreError) -> [DeployerEventOutcome]

    /// Runs of sequence numbers below the highest stored that never arrived, per agent stream, at most `limit`.
    func sequenceGaps(instanceID: String, limit: Int) async throws(StoreError) -> [SequenceGap]

    /// Records a rule's flag and returns its id. A `quarantine` flag also records the lifecycle event
    /// `quarantined-by-rule` (id `flag-ID`, at the flag's time), so the instance's state becomes
    /// `quarantined` by the same rule as a deployer's quarantine (InstanceStateRules).
    func recordFlag(_ flag: StoredFlag) async throws(StoreError) -> Int64

    /// Records several flags as ``recordFlag(_:)`` does, in one transaction: a flag storm (a fleet-wide
    /// incident) costs one commit, not one per flag. Per flag, its id or why it was not stored (an instance
    /// the store does not know); when the write itself fails it throws and none is stored.
    func recordFlags(_ flags: [StoredFlag]) async throws(StoreError) -> [Result<Int64, StoreError>]

    /// Flags matching `filter`, newest first.
    func flags(_ filter: FlagFilter) async throws(StoreError) -> [StoredFlag]

    /// Replaces a flag's command-action results (a JSON array).
    func setFlagActionResults(id: Int64, json: String) async throws(StoreError)

    /// Releases every open flag of an instance with `reason` and records `quarantine-released` (at `time`,
    /// or just after the newest quarantine when that is later); returns the flags released (none: nothing changed).
    func releaseFlags(instanceID: String, reason: String, at time: Timestamp) async throws(StoreError) -> [StoredFlag]

    /// Deletes log and metric data older than the policy's cutoff, except that of pinned (quarantined or
    /// lost) instances, in bounded transactions (docs/RETENTION.md).
    func applyRetention(_ policy: RetentionPolicy) async throws(StoreError) -> RetentionOutcome

    /// Flushes and closes; further calls throw `.closed`.
    func close() async
}

/// One batch as the collector hands it to the store.
public struct IngestBatch: Sendable {
    public var identity: InstanceIdentity
    /// Agent stream and sequence for deduplication; `nil` for senders without one (plain syslog).
    public var stream: StreamPosition?
    public var receivedAt: Timestamp
    public var logs: EncodedLogBlock?
    public var events: [LifecycleEvent]
    public var metrics: [MetricSample]
    /// Cumulative records the agent reported dropped for this stream.
    public var agentDroppedRecords: UInt64
    /// The collector that received the batch (`CollectorSettings.collectorID`); the registry keeps the one that
    /// received an instance's newest batch, so collectors sharing a store know which of them it talks to now.
    public var receivedBy: String

    public init(identity: InstanceIdentity, stream: StreamPosition?, receivedAt: Timestamp, logs: EncodedLogBlock?,
                events: [LifecycleEvent] = [], metrics: [MetricSample] = [], agentDroppedRecords: UInt64 = 0,
                receivedBy: String = "") {
        self.receivedBy = receivedBy
        self.identity = identity
        self.stream = stream
        self.receivedAt = receivedAt
        self.logs = logs
        self.events = events
        self.metrics = metrics
        self.agentDroppedRecords = agentDroppedRecords
    }
}

public struct StreamPosition: Sendable, Hashable {
    public var streamID: UInt64
    public var sequence: UInt64
    public init(streamID: UInt64, sequence: UInt64) {
        self.streamID = streamID
        self.sequence = sequence
    }
}

public enum AppendOutcome: Sendable, Hashable {
    case stored
    case duplicate
}

extension LogStore {
    /// One ``recordFlag(_:)`` per flag, for stores without a transaction around several (tests' in-memory
    /// store): not atomic — the first failure other than an unknown instance is thrown, and the flags before
    /// it stay stored.
    public func recordFlags(_ flags: [StoredFlag]) async throws(StoreError) -> [Result<Int64, StoreError>] {
        var results: [Result<Int64, StoreError>] = []
        for flag in flags {
            do throws(StoreError) {
                results.append(.success(try await recordFlag(flag)))
            } catch where error.code == .invalidQuery {
                results.append(.failure(error))
            }
        }
        return results
    }
}
