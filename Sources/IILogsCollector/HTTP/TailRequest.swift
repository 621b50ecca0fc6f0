public import IILogsCore
import IILogsQueryParsing
public import IILogsStore

/// The parameters of `GET /v1/logs/tail`: what to send first and what to follow. The parsing is
/// `TailParameters` (IILogsQueryParsing, pure and fuzzed) with the backlog bounds of ``TailSettings``.
public struct TailRequest: Sendable, Hashable {
    /// Parameters the tail understands: those of `GET /v1/logs` that make sense for a stream, and `after`.
    public static var knownParameters: Set<String> { TailParameters.knownParameters }

    /// The backlog: the newest `limit` lines since `since`.
    public var backlog: LogQuery
    /// The same scope and line filters without time bounds or limit: every line committed from now on.
    public var follow: LogQuery
    /// Resume point from a previous stream's mark: no backlog, follow from here.
    public var after: LogTailCursor?

    /// Parses `parameters` (name → value); relative times count back from `now`; every error names its parameter.
    public static func parse(_ parameters: [String: String], now: Timestamp, settings: TailSettings) throws(APIError) -> TailRequest {
        do {
            let parsed = try TailParameters.parse(parameters, now: now, defaultBacklogLines: settings.defaultBacklogLines,
                                                  maxBacklogLines: settings.maxBacklogLines)
            return TailRequest(backlog: parsed.backlog, follow: parsed.follow, after: parsed.after)
        } catch {
            throw APIError(error)
        }
    }
}
