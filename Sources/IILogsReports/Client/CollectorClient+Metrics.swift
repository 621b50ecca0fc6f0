public import IILogsCore
public import IILogsStore

extension CollectorClient {
    /// `GET /v1/metrics` for `query`.
    public func metrics(_ query: MetricQuery) async throws(ClientError) -> APIMetricsResponse {
        try await get("/v1/metrics" + Self.queryString(query.urlQueryItems), as: APIMetricsResponse.self)
    }

    /// `GET /v1/metrics/names` for an instance or an image.
    public func metricNames(_ scope: MetricQuery.Scope) async throws(ClientError) -> [APIMetricName] {
        try await get("/v1/metrics/names" + Self.queryString([scope.urlQueryItem]), as: APIMetricNamesResponse.self).names
    }
}

extension MetricQuery.Scope {
    var urlQueryItem: (String, String) {
        switch self {
        case .instance(let id): ("instance", id)
        case .image(let version): ("image", version)
        }
    }
}

extension MetricQuery {
    /// The `GET /v1/metrics` parameters that express this query (`maxSeries` stays the collector's default).
    public var urlQueryItems: [(String, String)] {
        var items = [scope.urlQueryItem]
        switch name {
        case .any: break
        case .exact(let name): items.append(("name", name))
        case .prefix(let prefix): items.append(("name", prefix + "*"))
        }
        if !labels.isEmpty {
            items.append(("labels", labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")))
        }
        if let since { items.append(("since", RFC3339.format(since))) }
        if let until { items.append(("until", RFC3339.format(until))) }
        if let step {
            items.append(("step", DurationParser.format(step)))
            items.append(("agg", aggregate.rawValue))
            if case .image = scope, !percentiles.isEmpty {
                items.append(("percentiles", percentiles.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: ",")))
                if !includeInstanceSeries { items.append(("series", "false")) }
            }
        }
        return items
    }
}
