import IILogsCore

/// Reading one query parameter with the API's errors (shared by the request parsers).
enum QueryParameter {
    /// The value of `name`; nil when absent; a 400 naming it when present but empty.
    static func nonEmpty(_ name: String, _ parameters: [String: String]) throws(APIError) -> String? {
        guard let value = parameters[name] else { return nil }
        guard !value.isEmpty else { throw .badParameter(name, "must not be empty") }
        return value
    }

    /// `name` as an RFC 3339 time or a duration before `now`; nil when absent; a 400 naming it otherwise.
    static func time(_ name: String, _ parameters: [String: String], now: Timestamp) throws(APIError) -> Timestamp? {
        guard let text = parameters[name] else { return nil }
        guard let time = DurationParser.parseTime(text, now: now) else {
            throw .badParameter(name, "expected an RFC 3339 time (2026-11-23T09:00:00Z) or a duration ago (30m, 2h, 7d), got '\(text)'")
        }
        return time
    }
}
