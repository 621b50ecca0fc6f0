public import IILogsCore
public import IILogsStore
import PostgresNIO

extension PostgresStore {
    /// Registers the connection's identity and returns the highest sequence stored for (instance, stream), whichever
    /// collector stored it.
    public func openStream(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) async throws(StoreError) -> UInt64 {
        try await write("openStream") { writer in try await writer.openStream(identity: identity, streamID: streamID, at: time) }
    }

    /// Stores the batch in one transaction and returns after its COMMIT; a repeated (instance, stream, sequence) —
    /// also one stored through another collector — stores nothing, bumps `duplicateBatches` and returns `.duplicate`.
    public func append(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome {
        try await appendBatch(batch)
    }

    public func queryLogs(_ query: LogQuery) async throws(StoreError) -> LogQueryResult {
        guard query.limit >= 0 else { throw StoreError(.invalidQuery, "limit \(query.limit) must be 0 (no limit) or more") }
        let (logger, maxBytes, dictionaries) = (self.logger, maxUncompressedBytesForQueries, templateDictionaries)
        return try await transaction("queryLogs", readOnly: true) { connection in
            try await PostgresLogQuery(connection: connection, logger: logger, query: query, maxUncompressedBytes: maxBytes,
                                       dictionaries: dictionaries).run()
        }
    }

    public func tailLogs(_ query: LogQuery, after cursor: LogTailCursor?, maxLines: Int, maxChunks: Int) async throws(StoreError) -> LogTailPage {
        guard query.limit >= 0 else { throw StoreError(.invalidQuery, "limit \(query.limit) must be 0 (no limit) or more") }
        guard maxLines > 0, maxChunks > 0 else {
            throw StoreError(.invalidQuery, "tail page limits must be positive, got maxLines \(maxLines), maxChunks \(maxChunks)")
        }
        let (logger, maxBytes, dictionaries) = (self.logger, maxUncompressedBytesForQueries, templateDictionaries)
        return try await withConnection("tailLogs") { connection in
            // Outside the page's transaction, before its snapshot (PostgresLogTail.horizon()).
            let elsewhere = try await PostgresLogTail.transactionsOfOtherDatabases(connection, logger)
            try await connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger)
            do {
                let tail = PostgresLogTail(connection: connection, logger: logger, query: query, maxUncompressedBytes: maxBytes,
                                           dictionaries: dictionaries, elsewhere: elsewhere)
                let page = if let cursor { try await tail.page(after: cursor, maxLines: maxLines, maxChunks: maxChunks) } else { try await tail.start() }
                try await connection.run("COMMIT", logger)
                return page
            } catch {
                try? await connection.run("ROLLBACK", logger)
                throw error
            }
        }
    }

    public func instances(_ filter: InstanceFilter) async throws(StoreError) -> [InstanceSummary] {
        let logger = self.logger
        return try await withConnection("instances") { connection in
            try await PostgresRegistryReader(connection: connection, logger: logger).instances(filter)
        }
    }

    public func images(at now: Timestamp, lostAfter: Duration) async throws(StoreError) -> [ImageSummary] {
        let logger = self.logger
        return try await transaction("images", readOnly: true) { connection in
            try await PostgresRegistryReader(connection: connection, logger: logger).images(at: now, lostAfter: lostAfter)
        }
    }

    public func imageActivity(_ query: ActivityQuery) async throws(StoreError) -> [ImageActivity] {
        try query.validate()
        let logger = self.logger
        return try await transaction("imageActivity", readOnly: true) { connection in
            try await PostgresActivityReader(connection: connection, logger: logger).activity(query)
        }
    }

    public func receptions(instanceIDs: [String]) async throws(StoreError) -> [String: InstanceReception] {
        guard !instanceIDs.isEmpty else { return [:] }
        let logger = self.logger
        return try await withConnection("receptions") { connection in
            try await PostgresRegistryReader(connection: connection, logger: logger).receptions(instanceIDs: instanceIDs)
        }
    }

    public func events(instanceID: String) async throws(StoreError) -> [StoredEvent] {
        let logger = self.logger
        return try await withConnection("events") { connection in
            try await PostgresRegistryReader(connection: connection, logger: logger).events(instanceID: instanceID)
        }
    }

    public func metricSeries(_ query: MetricQuery) async throws(StoreError) -> MetricQueryResult {
        try query.validate()
        let logger = self.logger
        return try await transaction("metricSeries", readOnly: true) { connection in
            try await PostgresMetricQuery(connection: connection, logger: logger, query: query).run()
        }
    }

    public func metricNames(_ scope: MetricQuery.Scope) async throws(StoreError) -> [MetricNameSummary] {
        let logger = self.logger
        return try await withConnection("metricNames") { connection in
            try await PostgresMetricQuery.names(connection: connection, logger: logger, scope: scope)
        }
    }

    /// Stores deployer events in one transaction (see ``LogStore/recordDeployerEvents(_:receivedAt:)``).
    public func recordDeployerEvents(_ events: [DeployerEvent], receivedAt: Timestamp) async throws(StoreError) -> [DeployerEventOutcome] {
        try await write("recordDeployerEvents") { writer in
            var outcomes: [DeployerEventOutcome] = []
            for event in events { outcomes.append(try await writer.insertDeployerEvent(event, receivedAt: receivedAt.nanosecondsSinceEpoch)) }
            return outcomes
        }
    }

    public func sequenceGaps(instanceID: String, limit: Int) async throws(StoreError) -> [SequenceGap] {
        let logger = self.logger
        return try await withConnection("sequenceGaps") { connection in
            try await PostgresRegistryReader(connection: connection, logger: logger).sequenceGaps(instanceID: instanceID, limit: limit)
        }
    }

    public func recordFlag(_ flag: StoredFlag) async throws(StoreError) -> Int64 {
        let now = Timestamp.now().nanosecondsSinceEpoch
        return try await write("recordFlag") { writer in try await writer.insertFlag(flag, receivedAt: now) }
    }

    public func recordFlags(_ flags: [StoredFlag]) async throws(StoreError) -> [Result<Int64, StoreError>] {
        let now = Timestamp.now().nanosecondsSinceEpoch
        return try await write("recordFlags") { writer in
            var results: [Result<Int64, StoreError>] = []
            results.reserveCapacity(flags.count)
            for flag in flags {
                do {
                    results.append(.success(try await writer.insertFlag(flag, receivedAt: now)))
                } catch let error as StoreError where error.code == .invalidQuery {
                    // An unknown instance, found by a SELECT before any insert: the transaction is still good.
                    results.append(.failure(error))
                }
            }
            return results
        }
    }

    public func flags(_ filter: FlagFilter) async throws(StoreError) -> [StoredFlag] {
        let logger = self.logger
        return try await withConnection("flags") { connection in
            try await PostgresFlagReader(connection: connection, logger: logger).flags(filter)
        }
    }

    public func setFlagActionResults(id: Int64, json: String) async throws(StoreError) {
        let logger = self.logger
        try await withConnection("setFlagActionResults") { connection in
            try await connection.run("UPDATE flags SET action_results = \(json) WHERE id = \(id)", logger)
        }
    }

    public func releaseFlags(instanceID: String, reason: String, at time: Timestamp) async throws(StoreError) -> [StoredFlag] {
        try await write("releaseFlags") { writer in
            try await writer.releaseFlags(instanceID: instanceID, reason: reason, at: time.nanosecondsSinceEpoch)
        }
    }
}

extension PostgresStore {
    /// Bytes the store's tables occupy on the server, their indexes and out-of-line (TOAST) values included, without
    /// the ~7 MB of system catalogs every database has (for `iilogs bench ingest --store`).
    public func databaseBytes() async throws(StoreError) -> Int {
        let logger = self.logger
        return try await withConnection("databaseBytes") { connection in
            try await connection.firstRow("""
                SELECT coalesce(sum(pg_total_relation_size(oid)), 0)::bigint FROM pg_class
                WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace
                """, logger)?.int(0) ?? 0
        }
    }
}
