public import IILogsCore
import IILogsStore

extension RemoteFleetDataSource {
    /// `GET /v1/quarantine/{instance}`; nil when the collector does not know the instance or has no flag API.
    public func flags(instance id: String) async throws -> [APIFlag]? {
        try await client.quarantine(instance: id)?.flags
    }
}

extension LocalFleetDataSource {
    /// Every flag of the instance in the store, newest first; nil without a ``flagView``.
    public func flags(instance id: String) async throws -> [APIFlag]? {
        guard let flagView else { return nil }
        return try await store.flags(FlagFilter(instanceID: id)).map(flagView)
    }
}
