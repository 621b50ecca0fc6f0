import Foundation
public import IILogsCore
public import IILogsStore

/// What a live tail delivers: a log line, or the collector's mark that everything up to a cursor was sent.
public enum TailEvent: Sendable, Hashable {
    case line(APILogLine)
    case mark(APITailMark.Mark)
}

extension CollectorClient {
    /// No byte for this long ends a tail with `.timeout`: the collector writes a mark every 5 s by default.
    public static let tailIdleTimeout: Duration = .seconds(30)
    /// Longest JSON line accepted from a tail.
    public static let tailMaxLineBytes = 4 << 20

    /// `GET /v1/logs/tail`: the backlog, then every new line, until the task is cancelled or the stream breaks.
    ///
    /// - Parameters:
    ///   - query: scope, `since`, severity, app, grep and contains are sent; `limit` only when `backlogLimit` is set.
    ///   - after: resume after a cursor from an earlier mark instead of sending a backlog.
    /// - Throws: ``ClientError``: `.http` for a refusal (bad parameter, too many tails) or an `{"error":…}` line
    ///   (the store failed), `.connection` when the collector is unreachable or ends the stream, `.timeout`
    ///   when it fell silent, `.decoding` for a line that is neither a log line nor a mark. Errors thrown by
    ///   `onEvent` pass through.
    public func tail(_ query: LogQuery, backlogLimit: Int? = nil, after: Int64? = nil, idleTimeout: Duration = tailIdleTimeout,
                     onEvent: @escaping @Sendable (TailEvent) async throws -> Void) async throws {
        var items = query.urlQueryItems.filter { !["until", "keep", "limit"].contains($0.0) }
        if let backlogLimit { items.append(("limit", String(backlogLimit))) }
        if let after { items.append(("after", String(after))) }
        var headers: [(String, String)] = []
        if let readToken { headers.append(("Authorization", "Bearer \(readToken)")) }
        do {
            try await http.streamLines("/v1/logs/tail" + Self.queryString(items), accept: "application/x-ndjson", headers: headers,
                                       idleTimeout: idleTimeout, maxLineBytes: Self.tailMaxLineBytes) { bytes in
                guard let event = try Self.tailEvent(bytes) else { return }
                try await onEvent(event)
            }
        } catch let refusal as HTTPGetClient.StreamRefusal {
            let data = Data(refusal.body)
            let message = (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.error.message
                ?? String(decoding: data.prefix(500), as: UTF8.self)
            throw ClientError(.http, "collector answered \(refusal.status): \(message)", status: refusal.status)
        }
        throw ClientError(.connection, "the collector at \(http.endpoint) ended the tail (shutting down?)")
    }

    /// One line of a tail: a log line, a mark, nothing for a blank line; an `{"error":…}` line throws.
    static func tailEvent(_ bytes: [UInt8]) throws(ClientError) -> TailEvent? {
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { return nil }
        let data = Data(bytes)
        let decoder = JSONDecoder()
        if let probe = try? decoder.decode(TailControlProbe.self, from: data) {
            if let mark = probe.tail { return .mark(mark) }
            if let error = probe.error { throw ClientError(.http, "the collector ended the tail: \(error.message) (\(error.code))") }
        }
        do {
            return .line(try decoder.decode(APILogLine.self, from: data))
        } catch {
            throw ClientError(.decoding, "cannot decode a tail line: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
    }

    /// The keys that tell a control line from a log line.
    private struct TailControlProbe: Decodable {
        var tail: APITailMark.Mark?
        var error: APIErrorBody.Detail?
    }
}
