public import IILogsCore
public import IILogsStore

/// The query parameters of `GET /v1/logs/tail` (pure): what to send first and what to follow.
public struct TailParameters: Sendable, Hashable {
    /// Parameters the tail understands: those of `GET /v1/logs` that make sense for a stream, and `after`.
    public static let knownParameters: Set<String> = ["instance", "image", "since", "severity", "app", "grep", "contains",
                                                      "limit", "after"]

    /// The backlog: the newest `limit` lines since `since`.
    public var backlog: LogQuery
    /// The same scope and line filters without time bounds or limit: every line committed from now on.
    public var follow: LogQuery
    /// Resume point from a previous stream's mark: no backlog, follow from here.
    public var after: LogTailCursor?

    /// Creates parameters.
    public init(backlog: LogQuery, follow: LogQuery, after: LogTailCursor?) {
        self.backlog = backlog
        self.follow = follow
        self.after = after
    }

    /// Parses `parameters` (name → value); relative times count back from `now`; every error names its
    /// parameter. Without `limit` the backlog is `defaultBacklogLines` (`maxBacklogLines` with `since`);
    /// a `limit` of 0 or above `maxBacklogLines` is capped at `maxBacklogLines`.
    public static func parse(_ parameters: [String: String], now: Timestamp, defaultBacklogLines: Int,
                             maxBacklogLines: Int) throws(QueryParameterError) -> TailParameters {
        for name in ["until", "keep"] where parameters[name] != nil {
            throw QueryParameterError(name, "not supported by a live tail (it follows new lines); use GET /v1/logs")
        }
        if let unknown = QueryParameterError.unknown(in: parameters, known: knownParameters) { throw unknown }
        var after: LogTailCursor?
        if let text = parameters["after"] {
            guard let chunkID = Int64(text), chunkID >= 0 else {
                throw QueryParameterError("after", "must be a cursor from a {\"tail\":…} mark (a whole number ≥ 0), got '\(text)'")
            }
            after = LogTailCursor(chunkID: chunkID)
        }
        var logParameters = parameters
        logParameters["after"] = nil
        var backlog = try LogsParameters.parse(logParameters, now: now)
        backlog.keep = .newest
        if parameters["limit"] == nil {
            backlog.limit = parameters["since"] == nil ? defaultBacklogLines : maxBacklogLines
        } else if backlog.limit == 0 || backlog.limit > maxBacklogLines {
            backlog.limit = maxBacklogLines
        }
        var follow = backlog
        follow.since = nil
        follow.until = nil
        follow.limit = 0
        return TailParameters(backlog: backlog, follow: follow, after: after)
    }
}
