public import IILogsCore
import IILogsQueryParsing
public import IILogsStore

/// Turns the query parameters of `GET /v1/metrics` into a ``MetricQuery``; every error names its parameter.
/// The parsing is `MetricsParameters` (IILogsQueryParsing, pure and fuzzed); this maps its error to a 400.
public enum MetricsRequest {
    /// Parameters `GET /v1/metrics` understands; any other is a 400.
    public static var knownParameters: Set<String> { MetricsParameters.knownParameters }
    /// Percentiles across an image's instances when `percentiles` is absent (and a step is given).
    public static var defaultPercentiles: [Double] { MetricsParameters.defaultPercentiles }

    /// Parses `parameters` (percent-decoded); relative times count back from `now`.
    public static func parse(_ parameters: [String: String], now: Timestamp) throws(APIError) -> MetricQuery {
        do { return try MetricsParameters.parse(parameters, now: now) } catch { throw APIError(error) }
    }

    /// `instance=ID` or `image=V`, exactly one.
    public static func scope(_ parameters: [String: String]) throws(APIError) -> MetricQuery.Scope {
        do { return try MetricsParameters.scope(parameters) } catch { throw APIError(error) }
    }
}
