public import IILogsCore
public import Logging

/// The embedded default store: one SQLite database (WAL) in a data folder. PLACEHOLDER — the store area implements it.
public final class SQLiteStore: LogStore {
    /// Opens (creating and migrating when needed) the store in `directory`.
    public init(directory: String, logger: Logger) throws(StoreError) {
        throw StoreError(.unavailable, "SQLiteStore not implemented yet")
    }

    public func openStream(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) async throws(StoreError) -> UInt64 { throw StoreError(.unavailable, "todo") }
    public func append(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome { throw StoreError(.unavailable, "todo") }
    public func queryLogs(_ query: LogQuery) async throws(StoreError) -> LogQueryResult { throw StoreError(.unavailable, "todo") }
    public func instances(_ filter: InstanceFilter) async throws(StoreError) -> [InstanceSummary] { throw StoreError(.unavailable, "todo") }
    public func images(at now: Timestamp, lostAfter: Duration) async throws(StoreError) -> [ImageSummary] { throw StoreError(.unavailable, "todo") }
    public func events(instanceID: String) async throws(StoreError) -> [StoredEvent] { throw StoreError(.unavailable, "todo") }
    public func close() async {}
}
