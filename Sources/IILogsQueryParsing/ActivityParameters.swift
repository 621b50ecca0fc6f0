public import IILogsCore
public import IILogsStore

/// The query parameters of `GET /v1/activity` as an ``ActivityQuery`` ending at `now` (pure); every error
/// names its parameter.
public enum ActivityParameters {
    /// Parameters `GET /v1/activity` understands; any other is refused.
    public static let knownParameters: Set<String> = ["window", "step"]
    /// Window when `window` is absent.
    public static let defaultWindow: Duration = .seconds(30 * 60)
    /// Step when `step` is absent.
    public static let defaultStep: Duration = .seconds(60)

    /// Parses `parameters`.
    public static func parse(_ parameters: [String: String], now: Timestamp) throws(QueryParameterError) -> ActivityQuery {
        if let unknown = QueryParameterError.unknown(in: parameters, known: knownParameters) { throw unknown }
        let window = try duration("window", parameters) ?? defaultWindow
        let step = try duration("step", parameters) ?? defaultStep
        guard window >= step else { throw QueryParameterError("window", "must be at least one step (\(DurationParser.format(step)))") }
        guard window.totalNanoseconds % step.totalNanoseconds == 0 else {
            throw QueryParameterError("window", "must be a whole number of steps (\(DurationParser.format(step)))")
        }
        let steps = window.totalNanoseconds / step.totalNanoseconds
        guard steps <= Int64(ActivityQuery.maxSteps) else {
            throw QueryParameterError("step", "window/step is \(steps) steps; at most \(ActivityQuery.maxSteps)")
        }
        return ActivityQuery(until: now, step: step, steps: Int(steps))
    }

    private static func duration(_ name: String, _ parameters: [String: String]) throws(QueryParameterError) -> Duration? {
        guard let text = parameters[name] else { return nil }
        guard let value = DurationParser.parse(text), value > .zero else {
            throw QueryParameterError(name, "expected a positive duration (10s, 1m, 1h), got '\(text)'")
        }
        return value
    }
}
