public import IILogsCore
public import IILogsStore

extension RemoteFleetDataSource {
    public func metrics(_ query: MetricQuery) async throws -> APIMetricsResponse { try await client.metrics(query) }
    public func metricNames(_ scope: MetricQuery.Scope) async throws -> [APIMetricName] { try await client.metricNames(scope) }
}

extension LocalFleetDataSource {
    public func metrics(_ query: MetricQuery) async throws -> APIMetricsResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await store.metricSeries(query)
        let elapsed = clock.now - start
        return APIMetricsResponse(result, query: query, step: query.step.map(DurationParser.format),
                                  elapsedMicroseconds: Int(elapsed.totalNanoseconds / 1000))
    }

    public func metricNames(_ scope: MetricQuery.Scope) async throws -> [APIMetricName] {
        try await store.metricNames(scope).map(APIMetricName.init)
    }
}
