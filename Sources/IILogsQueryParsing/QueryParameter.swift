public import IILogsCore

/// Reading one query parameter (shared by the request parsers).
public enum QueryParameter {
    /// The value of `name`; nil when absent; an error naming it when present but empty.
    public static func nonEmpty(_ name: String, _ parameters: [String: String]) throws(QueryParameterError) -> String? {
        guard let value = parameters[name] else { return nil }
        guard !value.isEmpty else { throw QueryParameterError(name, "must not be empty") }
        return value
    }

    /// `name` as an RFC 3339 time or a duration before `now`; nil when absent; an error naming it otherwise.
    public static func time(_ name: String, _ parameters: [String: String], now: Timestamp) throws(QueryParameterError) -> Timestamp? {
        guard let text = parameters[name] else { return nil }
        guard let time = DurationParser.parseTime(text, now: now) else {
            throw QueryParameterError(name, "expected an RFC 3339 time (2026-11-23T09:00:00Z) or a duration ago (30m, 2h, 7d), got '\(text)'")
        }
        return time
    }
}
