public import IILogsCore
import IILogsStore

extension RemoteFleetDataSource {
    public func activity(window: Duration, step: Duration) async throws -> APIActivityResponse {
        try await client.activity(window: window, step: step)
    }
}

extension LocalFleetDataSource {
    /// The same answer as the collector's `GET /v1/activity`, from the store's chunk index; `window` must be a whole
    /// number of steps.
    public func activity(window: Duration, step: Duration) async throws -> APIActivityResponse {
        guard step > .zero, window >= step, window.totalNanoseconds % step.totalNanoseconds == 0 else {
            throw StoreError(.invalidQuery, "activity window \(DurationParser.format(window)) must be a whole number of steps of \(DurationParser.format(step))")
        }
        let query = ActivityQuery(until: .now(), step: step, steps: Int(window.totalNanoseconds / step.totalNanoseconds))
        return APIActivityResponse(try await store.imageActivity(query), query: query)
    }
}
