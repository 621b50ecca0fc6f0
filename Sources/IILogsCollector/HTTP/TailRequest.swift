public import IILogsCore
public import IILogsStore

/// The parameters of `GET /v1/logs/tail`: what to send first and what to follow.
public struct TailRequest: Sendable, Hashable {
    /// Parameters the tail understands: those of `GET /v1/logs` that make sense for a stream, and `after`.
    public static let knownParameters: Set<String> = ["instance", "image", "since", "severity", "app", "grep", "contains",
                                                      "limit", "after"]

    /// The backlog: the newest `limit` lines since `since`.
    public var backlog: LogQuery
    /// The same scope and line filters without time bounds or limit: every line committed from now on.
    public var follow: LogQuery
    /// Resume point from a previous stream's mark: no backlog, follow from here.
    public var after: LogTailCursor?

    /// Parses `parameters` (name → value); relative times count back from `now`; every error names its parameter.
    public static func parse(_ parameters: [String: String], now: Timestamp, settings: TailSettings) throws(APIError) -> TailRequest {
        for name in ["until", "keep"] where parameters[name] != nil {
            throw .badParameter(name, "not supported by a live tail (it follows new lines); use GET /v1/logs")
        }
        if let unknown = parameters.keys.sorted().first(where: { !knownParameters.contains($0) }) {
            throw .badParameter(unknown, "unknown parameter; known: \(knownParameters.sorted().joined(separator: ", "))")
        }
        var after: LogTailCursor?
        if let text = parameters["after"] {
            guard let chunkID = Int64(text), chunkID >= 0 else {
                throw .badParameter("after", "must be a cursor from a {\"tail\":…} mark (a whole number ≥ 0), got '\(text)'")
            }
            after = LogTailCursor(chunkID: chunkID)
        }
        var logParameters = parameters
        logParameters["after"] = nil
        var backlog = try LogsRequest.parse(logParameters, now: now)
        backlog.keep = .newest
        if parameters["limit"] == nil {
            backlog.limit = parameters["since"] == nil ? settings.defaultBacklogLines : settings.maxBacklogLines
        } else if backlog.limit == 0 || backlog.limit > settings.maxBacklogLines {
            backlog.limit = settings.maxBacklogLines
        }
        var follow = backlog
        follow.since = nil
        follow.until = nil
        follow.limit = 0
        return TailRequest(backlog: backlog, follow: follow, after: after)
    }
}
