import Foundation
import IILogsCore
import IILogsStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing
@testable import IILogsCollector

/// `GET /v1/logs/tail` through the real HTTP application on 127.0.0.1 port 0.
@Suite struct TailHTTPTests {
    static let base = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000)

    static func record(_ second: Int, _ message: String, _ severity: Severity = .info) -> LogRecord {
        LogRecord(time: base.adding(.seconds(second)), severity: severity, app: "web", message: message)
    }

    @Test func streamsTheBacklogThenLinesCommittedLaterWithMarks() async throws {
        let store = InMemoryLogStore()
        let a = InstanceIdentity(instanceID: "i-a", imageVersion: "v1")
        store.seed(a, at: .now(), lines: [Self.record(1, "backlog one"), Self.record(2, "backlog two")])
        try await CollectorHTTPTests().withAPI(store: store) { client in
            let stream = try await TailStreamReader.open(client.address, "/v1/logs/tail?instance=i-a&severity=info")
            // The head says 200, streamed JSON lines; the backlog and a mark come first
            var text = try await stream.read(until: "backlog two")
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.lowercased().contains("content-type: application/x-ndjson"))
            #expect(text.lowercased().contains("transfer-encoding: chunked"))
            text = try await stream.read(until: #"{"tail":{"cursor":1,"#)

            // Lines committed afterwards follow; other instances' and filtered lines do not
            store.seed(InstanceIdentity(instanceID: "i-b", imageVersion: "v1"), at: .now(), lines: [Self.record(3, "other instance")])
            store.seed(a, at: .now(), lines: [Self.record(4, "followed", .error), Self.record(5, "too quiet", .debug)])
            text = try await stream.read(until: #"{"tail":{"cursor":3,"#)
            #expect(text.contains(#""message":"followed""#))
            #expect(!text.contains("other instance") && !text.contains("too quiet"))
            #expect(text.components(separatedBy: "backlog two").count == 2, "the backlog is sent once")
            try await stream.close()
        }
    }

    @Test func gracefulShutdownEndsAnOpenTail() async throws {
        let store = InMemoryLogStore()
        store.seed(InstanceIdentity(instanceID: "i-a", imageVersion: "v1"), at: .now(), lines: [Self.record(1, "hello")])
        let bound = AsyncPromise<HostAndPort>()
        let app = CollectorHTTP.buildApplication(address: HostAndPort(host: "127.0.0.1", port: 0), store: store, counters: CollectorCounters(),
                                                 lostAfter: .seconds(60), logger: Logger(label: "test")) { bound.succeed($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                try await Task.sleep(for: .seconds(20))
                Issue.record("the collector's HTTP service did not stop within 20 s with a tail open")
                throw CancellationError()
            }
            // Given a client following a tail
            let stream = try await TailStreamReader.open(try await bound.value(), "/v1/logs/tail")
            _ = try await stream.read(until: #"{"tail":"#)

            // When the collector shuts down gracefully, the response ends (chunked terminator) and the service stops
            await group.triggerGracefulShutdown()
            let text = try await stream.read(until: "\r\n0\r\n\r\n")
            #expect(text.hasSuffix("\r\n0\r\n\r\n"))
            try await tasks.next()  // the service group (or the 20 s guard)
            tasks.cancelAll()
            try? await stream.close()
        }
    }

    @Test func badParametersAre400BeforeAnyStreaming() async throws {
        try await CollectorHTTPTests().withAPI(store: InMemoryLogStore()) { client in
            for (query, name) in [("until=1h", "until"), ("keep=oldest", "keep"), ("after=-1", "after"), ("severity=loud", "severity"),
                                  ("instance=a&image=b", "instance"), ("colour=red", "colour")] {
                let response = try await client.get("/v1/logs/tail?\(query)")
                #expect(response.status == 400, "\(query)")
                let body = try response.decode(APIErrorBody.self)
                #expect(body.error.message.hasPrefix("\(name):"), "\(body.error.message)")
            }
        }
    }

    @Test func requestParsingDefaultsAndLimits() throws {
        let settings = TailSettings(defaultBacklogLines: 100, maxBacklogLines: 10_000)
        let now = Timestamp.now()
        let plain = try TailRequest.parse(["image": "v1", "grep": "oom"], now: now, settings: settings)
        #expect(plain.backlog.limit == 100 && plain.backlog.keep == .newest && plain.backlog.scope == .image("v1"))
        #expect(plain.follow.since == nil && plain.follow.limit == 0 && plain.follow.grep == "oom" && plain.after == nil)
        let since = try TailRequest.parse(["since": "1h"], now: now, settings: settings)
        #expect(since.backlog.limit == 10_000 && since.backlog.since != nil && since.follow.since == nil)
        let capped = try TailRequest.parse(["limit": "0"], now: now, settings: settings)
        #expect(capped.backlog.limit == 10_000)
        let resumed = try TailRequest.parse(["instance": "i-a", "after": "42"], now: now, settings: settings)
        #expect(resumed.after == LogTailCursor(chunkID: 42))
    }

    @Test func slotsRefuseBeyondTheLimitAndComeBackWhenReleased() {
        let slots = TailSlots(limit: 2)
        var first = slots.acquire()
        let second = slots.acquire()
        #expect(first != nil && second != nil)
        #expect(slots.acquire() == nil)
        #expect(slots.count == 2)
        first = nil
        #expect(slots.count == 1)
        #expect(slots.acquire() != nil, "a released slot can be taken again")
        _ = (first, second)
    }
}

/// Reads a streamed HTTP response from a raw socket as it arrives (the tail never ends by itself).
struct TailStreamReader {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let received = ReceivedText()

    /// What arrived so far and the one iterator of the inbound stream (a stream allows only one).
    final class ReceivedText: @unchecked Sendable {
        var text = ""
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator?
    }

    static func open(_ address: HostAndPort, _ target: String) async throws -> TailStreamReader {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.outbound.write(ByteBuffer(string: "GET \(target) HTTP/1.1\r\nHost: \(address)\r\n\r\n"))
        return TailStreamReader(channel: channel)
    }

    /// Everything received so far once it contains `marker`; fails after 10 s (checked per chunk: the collector's
    /// 5 s keep-alive marks keep chunks coming).
    func read(until marker: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(10)
        if received.iterator == nil { received.iterator = channel.inbound.makeAsyncIterator() }
        while !received.text.contains(marker) {
            guard ContinuousClock.now < deadline else {
                Issue.record("no '\(marker)' within 10 s; got:\n\(received.text)")
                return received.text
            }
            guard let chunk = try await received.iterator?.next() else {
                Issue.record("stream ended before '\(marker)'; got:\n\(received.text)")
                return received.text
            }
            received.text += String(buffer: chunk)
        }
        return received.text
    }

    func close() async throws {
        channel.outbound.finish()
        try await channel.channel.close()
    }
}
