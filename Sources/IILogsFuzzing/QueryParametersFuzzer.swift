import IILogsCore
import IILogsQueryParsing
import IILogsStore

/// The HTTP API's query parameters (`GET /v1/logs`, `/v1/logs/tail`, `/v1/metrics`, `/v1/activity`) through
/// the pure parsers of `IILogsQueryParsing`. The input is read as `name=value&name=value…` (no percent
/// decoding: the parsers receive decoded values; a later duplicate name wins, as in the server). Each
/// parser returns a query or an error that names a parameter that was given or that it knows; a query
/// keeps the documented bounds (since before until, limits, steps, percentiles).
enum QueryParametersFuzzer {
    /// Fixed "now" so runs are reproducible.
    static let now = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
    /// Tail backlog bounds used for the tail parser.
    static let defaultBacklogLines = 100
    static let maxBacklogLines = 10_000

    /// `a=1&b=2` → ["a": "1", "b": "2"]; a pair without `=` has an empty value.
    static func parameters(_ bytes: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            out[String(decoding: parts[0], as: UTF8.self)] = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        }
        return out
    }

    static func run(_ bytes: [UInt8]) {
        let given = parameters(bytes)
        func checkError(_ error: QueryParameterError, known: Set<String>, _ parser: String) {
            FuzzInvariant.check(given[error.parameter] != nil || known.contains(error.parameter),
                                "\(parser): the error names '\(error.parameter)', neither given nor known", target: .queryParameters)
        }
        func checkTimes(_ since: Timestamp?, _ until: Timestamp?, _ parser: String) {
            if let since, let until {
                FuzzInvariant.check(since < until, "\(parser): since \(since) is not before until \(until)", target: .queryParameters)
            }
        }

        do {
            let query = try LogsParameters.parse(given, now: now)
            FuzzInvariant.check(query.limit >= 0, "logs: negative limit \(query.limit)", target: .queryParameters)
            checkTimes(query.since, query.until, "logs")
        } catch {
            checkError(error, known: LogsParameters.knownParameters, "logs")
        }

        do {
            let tail = try TailParameters.parse(given, now: now, defaultBacklogLines: defaultBacklogLines, maxBacklogLines: maxBacklogLines)
            FuzzInvariant.check((1...maxBacklogLines).contains(tail.backlog.limit), "tail: backlog limit \(tail.backlog.limit)",
                                target: .queryParameters)
            FuzzInvariant.check(tail.follow.limit == 0 && tail.follow.since == nil && tail.follow.until == nil,
                                "tail: the follow query is bounded", target: .queryParameters)
            FuzzInvariant.check(tail.follow.scope == tail.backlog.scope, "tail: follow and backlog scopes differ", target: .queryParameters)
        } catch {
            checkError(error, known: TailParameters.knownParameters.union(["until", "keep"]), "tail")
        }

        do {
            let query = try MetricsParameters.parse(given, now: now)
            checkTimes(query.since, query.until, "metrics")
            FuzzInvariant.check(query.percentiles.allSatisfy { (0...100).contains($0) }, "metrics: percentiles \(query.percentiles)",
                                target: .queryParameters)
            if let step = query.step { FuzzInvariant.check(step > .zero, "metrics: step \(step)", target: .queryParameters) }
        } catch {
            checkError(error, known: MetricsParameters.knownParameters, "metrics")
        }

        do {
            let query = try ActivityParameters.parse(given, now: now)
            FuzzInvariant.check((1...ActivityQuery.maxSteps).contains(query.steps), "activity: \(query.steps) steps", target: .queryParameters)
        } catch {
            checkError(error, known: ActivityParameters.knownParameters, "activity")
        }
    }
}
