public import IILogsCore
public import IILogsStore

/// The query parameters of `GET /v1/metrics` as a ``MetricQuery`` (pure); every error names its parameter.
public enum MetricsParameters {
    /// Parameters `GET /v1/metrics` understands; any other is refused.
    public static let knownParameters: Set<String> = ["instance", "image", "name", "labels", "since", "until", "step", "agg", "percentiles", "series"]
    /// Percentiles across an image's instances when `percentiles` is absent (and a step is given).
    public static let defaultPercentiles: [Double] = [50, 90, 99]

    /// Parses `parameters` (percent-decoded); relative times count back from `now`.
    public static func parse(_ parameters: [String: String], now: Timestamp) throws(QueryParameterError) -> MetricQuery {
        if let unknown = QueryParameterError.unknown(in: parameters, known: knownParameters) { throw unknown }
        var query = MetricQuery(scope: try scope(parameters))
        if let name = try QueryParameter.nonEmpty("name", parameters) { query.name = MetricNameMatch(parsing: name) }
        if let text = try QueryParameter.nonEmpty("labels", parameters) { query.labels = try labels(text) }
        query.since = try QueryParameter.time("since", parameters, now: now)
        query.until = try QueryParameter.time("until", parameters, now: now)
        if let since = query.since, let until = query.until, since >= until { throw QueryParameterError("since", "must be before until") }
        if let text = parameters["step"] {
            guard let step = DurationParser.parse(text), step > .zero else {
                throw QueryParameterError("step", "expected a positive duration (10s, 1m, 1h), got '\(text)'")
            }
            query.step = step
        }
        if let text = parameters["agg"] {
            guard let aggregate = MetricAggregate(rawValue: text) else {
                throw QueryParameterError("agg", "unknown aggregate '\(text)'; use \(MetricAggregate.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard query.step != nil else { throw QueryParameterError("agg", "needs a step") }
            query.aggregate = aggregate
        }
        if let text = parameters["percentiles"] {
            guard case .image = query.scope else { throw QueryParameterError("percentiles", "only for an image (percentiles across its instances)") }
            guard query.step != nil else { throw QueryParameterError("percentiles", "needs a step") }
            query.percentiles = try percentiles(text)
        } else if case .image = query.scope, query.step != nil {
            query.percentiles = defaultPercentiles
        }
        switch parameters["series"] {
        case nil, "true": query.includeInstanceSeries = true
        case "false":
            guard !query.percentiles.isEmpty else { throw QueryParameterError("series", "false needs an image, a step and percentiles") }
            query.includeInstanceSeries = false
        case let other?: throw QueryParameterError("series", "must be true or false, got '\(other)'")
        }
        return query
    }

    /// `instance=ID` or `image=V`, exactly one.
    public static func scope(_ parameters: [String: String]) throws(QueryParameterError) -> MetricQuery.Scope {
        switch (try QueryParameter.nonEmpty("instance", parameters), try QueryParameter.nonEmpty("image", parameters)) {
        case (let instance?, nil): return .instance(instance)
        case (nil, let image?): return .image(image)
        case (nil, nil): throw QueryParameterError("instance", "give instance or image")
        case (_?, _?): throw QueryParameterError("instance", "give instance or image, not both")
        }
    }

    /// `dev=sda,cpu=0`.
    private static func labels(_ text: String) throws(QueryParameterError) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: ",") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw QueryParameterError("labels", "expected name=value pairs separated by commas, got '\(pair)'")
            }
            out[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return out
    }

    /// `50,90,99` (each 0–100).
    private static func percentiles(_ text: String) throws(QueryParameterError) -> [Double] {
        var out: [Double] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let p = Double(item), (0...100).contains(p) else {
                throw QueryParameterError("percentiles", "expected numbers 0–100 separated by commas, got '\(item)'")
            }
            out.append(p)
        }
        return out
    }
}
