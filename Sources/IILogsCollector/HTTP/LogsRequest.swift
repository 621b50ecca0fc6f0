public import IILogsCore
import IILogsQueryParsing
public import IILogsStore

/// Turns the query parameters of `GET /v1/logs` into a ``LogQuery``; every error names its parameter.
/// The parsing is `LogsParameters` (IILogsQueryParsing, pure and fuzzed); this maps its error to a 400.
public enum LogsRequest {
    /// Parameters `GET /v1/logs` understands; any other is a 400 (a typo should not silently widen a query).
    public static var knownParameters: Set<String> { LogsParameters.knownParameters }
    /// Lines returned when `limit` is absent.
    public static var defaultLimit: Int { LogsParameters.defaultLimit }

    /// Parses `parameters` (name → value, already percent-decoded); relative times count back from `now`.
    public static func parse(_ parameters: [String: String], now: Timestamp) throws(APIError) -> LogQuery {
        do { return try LogsParameters.parse(parameters, now: now) } catch { throw APIError(error) }
    }
}
