public import IILogsCore
public import IILogsStore

/// The query parameters of `GET /v1/logs` as a ``LogQuery`` (pure); every error names its parameter.
public enum LogsParameters {
    /// Parameters `GET /v1/logs` understands; any other is refused (a typo should not silently widen a query).
    public static let knownParameters: Set<String> = ["instance", "image", "since", "until", "severity", "app", "grep",
                                                      "contains", "limit", "keep"]
    /// Lines returned when `limit` is absent.
    public static let defaultLimit = 1000

    /// Parses `parameters` (name → value, already percent-decoded); relative times count back from `now`.
    public static func parse(_ parameters: [String: String], now: Timestamp) throws(QueryParameterError) -> LogQuery {
        if let unknown = QueryParameterError.unknown(in: parameters, known: knownParameters) { throw unknown }
        var query = LogQuery(scope: .all, limit: defaultLimit)
        switch (try QueryParameter.nonEmpty("instance", parameters), try QueryParameter.nonEmpty("image", parameters)) {
        case (let instance?, nil): query.scope = .instance(instance)
        case (nil, let image?): query.scope = .image(image)
        case (nil, nil): query.scope = .all
        case (_?, _?): throw QueryParameterError("instance", "give instance or image, not both")
        }
        query.since = try QueryParameter.time("since", parameters, now: now)
        query.until = try QueryParameter.time("until", parameters, now: now)
        if let since = query.since, let until = query.until, since >= until {
            throw QueryParameterError("since", "must be before until")
        }
        if let text = parameters["severity"] {
            guard let severity = Severity(name: text) else {
                throw QueryParameterError("severity", "unknown level '\(text)'; use emerg, alert, crit, err, warning, notice, info, debug or 0–7")
            }
            query.minSeverity = severity
        }
        query.app = try QueryParameter.nonEmpty("app", parameters)
        query.grep = try QueryParameter.nonEmpty("grep", parameters)
        query.contains = try QueryParameter.nonEmpty("contains", parameters)
        if let text = parameters["limit"] {
            guard let limit = Int(text), limit >= 0 else {
                throw QueryParameterError("limit", "must be a whole number ≥ 0 (0 = no limit), got '\(text)'")
            }
            query.limit = limit
        }
        switch parameters["keep"] {
        case nil, "newest": query.keep = .newest
        case "oldest": query.keep = .oldest
        case let other?: throw QueryParameterError("keep", "must be newest or oldest, got '\(other)'")
        }
        return query
    }
}
