public import IILogsCore

extension SQLiteStore {
    /// Registers the connection's identity and returns the highest sequence stored for (instance, stream).
    ///
    /// Contract for the agent protocol: the welcome carries this value and the agent treats every
    /// sequence ≤ it as acknowledged. That is sound because a collector stores one connection's batches
    /// in order (each `append` commits before the next begins), so "n+1 stored while n was lost" cannot
    /// happen within a stream; gaps appear only if an agent skips sequences itself, and are counted
    /// (`DeliveryStats.sequenceGaps`).
    public func openStream(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) async throws(StoreError) -> UInt64 {
        // Grouped with the appends: a reconnect storm opens thousands of streams, and each used to cost an fsync of its own.
        try await grouped { writer throws(StoreError) in try writer.openStreamInTransaction(identity: identity, streamID: streamID, at: time) }
    }

    /// Stores the batch and returns after its transaction's COMMIT (possibly shared with other batches
    /// waiting at the same time: group commit, each batch in its own savepoint); a repeated (instance, stream,
    /// sequence) stores nothing, bumps `duplicateBatches` and returns `.duplicate`.
    public func append(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome {
        try await grouped { writer throws(StoreError) in try writer.appendInTransaction(batch) }
    }

    public func queryLogs(_ query: LogQuery) async throws(StoreError) -> LogQueryResult {
        guard query.limit >= 0 else { throw StoreError(.invalidQuery, "limit \(query.limit) must be 0 (no limit) or more") }
        let maxBytes = maxUncompressedBytesForQueries
        return try await read { db throws(StoreError) in try SQLiteLogQuery(db: db, query: query, maxUncompressedBytes: maxBytes).run() }
    }

    public func instances(_ filter: InstanceFilter) async throws(StoreError) -> [InstanceSummary] {
        try await read { db throws(StoreError) in try SQLiteRegistryReader(db: db).instances(filter) }
    }

    public func images(at now: Timestamp, lostAfter: Duration) async throws(StoreError) -> [ImageSummary] {
        try await read { db throws(StoreError) in try SQLiteRegistryReader(db: db).images(at: now, lostAfter: lostAfter) }
    }

    public func receptions(instanceIDs: [String]) async throws(StoreError) -> [String: InstanceReception] {
        try await read { db throws(StoreError) in try SQLiteRegistryReader(db: db).receptions(instanceIDs: instanceIDs) }
    }

    public func events(instanceID: String) async throws(StoreError) -> [StoredEvent] {
        try await read { db throws(StoreError) in try SQLiteRegistryReader(db: db).events(instanceID: instanceID) }
    }

    /// Stores deployer events in one write transaction (see ``LogStore/recordDeployerEvents(_:receivedAt:)``).
    public func recordDeployerEvents(_ events: [DeployerEvent], receivedAt: Timestamp) async throws(StoreError) -> [DeployerEventOutcome] {
        try await write { writer throws(StoreError) in
            try writer.transaction { () throws(StoreError) -> [DeployerEventOutcome] in
                var outcomes: [DeployerEventOutcome] = []
                for event in events { outcomes.append(try writer.insertDeployerEvent(event, receivedAt: receivedAt.nanosecondsSinceEpoch)) }
                return outcomes
            }
        }
    }

    public func sequenceGaps(instanceID: String, limit: Int) async throws(StoreError) -> [SequenceGap] {
        try await read { db throws(StoreError) in try SQLiteRegistryReader(db: db).sequenceGaps(instanceID: instanceID, limit: limit) }
    }
}
