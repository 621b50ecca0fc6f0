public import IILogsCore
import IILogsQueryParsing
public import IILogsStore

/// Turns the query parameters of `GET /v1/activity` into an ``ActivityQuery`` ending at `now`; every error
/// names its parameter. The parsing is `ActivityParameters` (IILogsQueryParsing, pure and fuzzed).
public enum ActivityRequest {
    /// Parameters `GET /v1/activity` understands; any other is a 400.
    public static var knownParameters: Set<String> { ActivityParameters.knownParameters }
    /// Window when `window` is absent.
    public static var defaultWindow: Duration { ActivityParameters.defaultWindow }
    /// Step when `step` is absent.
    public static var defaultStep: Duration { ActivityParameters.defaultStep }

    public static func parse(_ parameters: [String: String], now: Timestamp) throws(APIError) -> ActivityQuery {
        do { return try ActivityParameters.parse(parameters, now: now) } catch { throw APIError(error) }
    }
}
