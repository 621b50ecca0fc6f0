import NIOCore
import NIOHTTP1
import Synchronization

extension HTTPGetClient {
    /// A non-2xx answer to ``streamLines(_:accept:headers:idleTimeout:maxLineBytes:onLine:)``: its status and (start of) body.
    public struct StreamRefusal: Error, Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// Most bytes of a refusal's body kept for its message.
    static let maxRefusalBytes = 64 << 10

    /// `GET pathAndQuery` whose body is read as it arrives and handed to `onLine` one line at a time (without
    /// the newline), for streamed responses such as `GET /v1/logs/tail`. Returns when the server ends the body.
    ///
    /// Throws ``ClientError`` `.connection` when the collector cannot be reached or the connection breaks,
    /// `.timeout` when nothing arrived for `idleTimeout`, `.decoding` for a line longer than `maxLineBytes`,
    /// and ``StreamRefusal`` (wrapped in `.http`) for a non-2xx status; errors thrown by `onLine` pass through.
    public func streamLines(_ pathAndQuery: String, accept: String, headers extra: [(String, String)] = [],
                            idleTimeout: Duration, maxLineBytes: Int,
                            onLine: @escaping @Sendable ([UInt8]) async throws -> Void) async throws {
        let endpoint = self.endpoint
        let lastActivity = ActivityClock()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
                do {
                    channel = try await Self.connect(to: endpoint)
                } catch {
                    throw ClientError(.connection, "cannot reach the collector at \(endpoint): \(error)")
                }
                try await channel.executeThenClose { inbound, outbound in
                    let head = Self.requestHead(.GET, pathAndQuery, endpoint: endpoint, accept: accept, bodyBytes: nil, headers: extra)
                    try await outbound.write(contentsOf: [.head(head), .end(nil)])  // one flush, as in send
                    var status = 0
                    var pending: [UInt8] = []
                    do {
                        for try await part in inbound {
                            lastActivity.touch()
                            switch part {
                            case .head(let head):
                                status = Int(head.status.code)
                            case .body(let chunk):
                                guard (200..<300).contains(status) else {
                                    pending += chunk.readableBytesView.prefix(max(0, Self.maxRefusalBytes - pending.count))
                                    continue
                                }
                                pending += chunk.readableBytesView
                                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                                    let line = Array(pending[..<newline])
                                    pending.removeSubrange(...newline)
                                    try await Self.deliver(line, to: onLine)
                                }
                                guard pending.count <= maxLineBytes else {
                                    throw ClientError(.decoding, "a line from \(endpoint) exceeds \(maxLineBytes) bytes")
                                }
                            case .end:
                                guard (200..<300).contains(status) else { throw StreamRefusal(status: status, body: pending) }
                                if !pending.isEmpty { try await Self.deliver(pending, to: onLine) }
                                return
                            }
                        }
                    } catch let error as OnLineError {
                        throw error.underlying  // the caller's own error, as it threw it
                    } catch let error as ClientError {
                        throw error
                    } catch let refusal as StreamRefusal {
                        throw refusal
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        // Reset, EOF inside a chunked body (HTTP parser error), …: the stream broke.
                        try Task.checkCancellation()
                        throw ClientError(.connection, "the connection to \(endpoint) broke: \(error)")
                    }
                    try Task.checkCancellation()
                    throw ClientError(.connection, "\(endpoint) closed the connection in the middle of the stream")
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: min(idleTimeout, .seconds(1)))
                    let silent = lastActivity.silence
                    if silent >= idleTimeout {
                        throw ClientError(.timeout, "nothing from \(endpoint) for \(silent); the collector or the network is stuck")
                    }
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}

/// An error thrown by the caller's `onLine`, kept apart from the stream's own failures.
private struct OnLineError: Error {
    var underlying: any Error
}

extension HTTPGetClient {
    fileprivate static func deliver(_ line: [UInt8], to onLine: @Sendable ([UInt8]) async throws -> Void) async throws {
        do {
            try await onLine(line)
        } catch {
            throw OnLineError(underlying: error)
        }
    }
}

/// When a stream last received something (shared by its reader and its idle watchdog).
private final class ActivityClock: Sendable {
    private let last = Mutex(ContinuousClock.now)
    func touch() { last.withLock { $0 = .now } }
    var silence: Duration { ContinuousClock.now - last.withLock { $0 } }
}
