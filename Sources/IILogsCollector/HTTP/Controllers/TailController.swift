#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import IILogsCore
import IILogsStore
import NIOCore
import ServiceLifecycle

/// `GET /v1/logs/tail`: a live tail as a streamed (chunked) response of JSON lines (docs/API.md "Live tail").
///
/// First the backlog (as `GET /v1/logs` would return it), then every matching line committed afterwards,
/// found by polling the store for chunks after a cursor (docs/adr/005-live-tail.md). `{"tail":…}` marks
/// carry the cursor and double as keep-alives. The stream ends when the client goes away, the collector
/// shuts down, or the store fails (then a last `{"error":…}` line says why).
struct TailController: Sendable {
    let store: any LogStore
    let settings: TailSettings
    let slots: TailSlots

    init(store: any LogStore, settings: TailSettings = TailSettings()) {
        self.store = store
        self.settings = settings
        self.slots = TailSlots(limit: settings.maxConcurrentTails)
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/logs/tail") { request, _ in try await self.tail(request) }
    }

    func tail(_ request: Request) async throws(APIError) -> Response {
        let tail = try TailRequest.parse(request.queryDictionary, now: .now(), settings: settings)
        guard let slot = slots.acquire() else {
            throw APIError(status: .serviceUnavailable, code: "too_many_tails",
                           message: "\(slots.limit) live tails are running (the collector's limit); try again later")
        }
        // The backlog is read before answering, so a bad query or a failing store is an HTTP error, not a broken stream.
        let first: LogTailPage
        if let after = tail.after {
            first = LogTailPage(lines: [], cursor: after, hasMore: true)
        } else {
            do {
                first = try await store.tailLogs(tail.backlog, after: nil, maxLines: settings.maxLinesPerPoll,
                                                 maxChunks: settings.maxChunksPerPoll)
            } catch {
                throw .store(error)
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // The body holds the slot: it is given back when the stream ends or the body is dropped unwritten.
        let body = ResponseBody { [store, settings, follow = tail.follow] writer in
            defer { withExtendedLifetime(slot) {} }
            try await Self.stream(first: first, follow: follow, store: store, settings: settings, to: &writer)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Writes the first page, then polls until the client is gone, the collector shuts down or the store fails.
    static func stream(first: LogTailPage, follow: LogQuery, store: any LogStore, settings: TailSettings,
                       to writer: inout any ResponseBodyWriter) async throws {
        var cursor = first.cursor
        try await writer.write(Self.encode(first.lines, mark: cursor))
        var lastWrite = ContinuousClock.now
        var hasMore = first.hasMore
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if !hasMore {
                do {
                    try await Task.sleep(for: settings.pollInterval)
                } catch {
                    break  // cancelled
                }
            }
            let page: LogTailPage
            do {
                page = try await store.tailLogs(follow, after: cursor, maxLines: settings.maxLinesPerPoll,
                                                maxChunks: settings.maxChunksPerPoll)
            } catch {
                let failure = APIError.store(error)
                try await writer.write(Self.line(APIErrorBody(code: failure.code, message: failure.message)))
                break
            }
            cursor = page.cursor
            hasMore = page.hasMore
            if !page.lines.isEmpty || ContinuousClock.now - lastWrite >= settings.heartbeatInterval {
                try await writer.write(Self.encode(page.lines, mark: cursor))  // throws once the client is gone
                lastWrite = ContinuousClock.now
            }
        }
        try await writer.finish(nil)
    }

    /// The lines as JSON lines followed by a `{"tail":…}` mark with `cursor`.
    static func encode(_ lines: [StoredLogLine], mark cursor: LogTailCursor) -> ByteBuffer {
        var buffer = ByteBuffer()
        for line in lines { buffer.writeBytes(Self.line(APILogLine(line)).readableBytesView) }
        buffer.writeBytes(Self.line(APITailMark(cursor: cursor.chunkID, time: RFC3339.format(.now()))).readableBytesView)
        return buffer
    }

    /// One value as compact JSON with sorted keys (like `GET /v1/logs`) and a newline.
    static func line(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"line could not be encoded"}}"#.utf8)
        data.append(UInt8(ascii: "\n"))
        return ByteBuffer(bytes: data)
    }
}
