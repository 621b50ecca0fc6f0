import IILogsCore
import IILogsStore
import Logging
import NIOCore
import ServiceLifecycle
import Testing
@testable import IILogsCollector

@Suite struct AgentIngestServerTests {
    static let identity = InstanceIdentity(instanceID: "i-a", imageVersion: "v1", bootID: "b1")

    @Test func helloIsWelcomedAndBatchesAckedAfterStore() async throws {
        let store = InMemoryLogStore()
        let counters = CollectorCounters()
        let replies = try await withIngestServer(store: store, counters: counters) { address in
            let agent = try await TestAgent.connect(to: address)
            return try await agent.exchange([
                TestAgent.hello(Self.identity),
                TestAgent.batch("i-a", sequence: 1, messages: ["one", "two"]),
                TestAgent.batch("i-a", sequence: 2, messages: ["three"]),
            ], replies: 3)
        }
        guard replies.count == 3, case .welcome(let welcome) = replies[0] else {
            Issue.record("expected welcome and two acks, got \(replies)")
            return
        }
        #expect(welcome.lastStoredSequence == 0)
        #expect(welcome.maxFrameBytes == UInt32(CollectorSettings.defaultMaxFrameBytes))
        #expect(Array(replies[1...]) == [.ack(Ack(sequence: 1)), .ack(Ack(sequence: 2))])
        #expect(store.lines(of: "i-a").map(\.message) == ["one", "two", "three"])
        #expect(store.appendOrder == [1, 2])
        let stats = counters.snapshot()
        #expect(stats.batches == 2)
        #expect(stats.lines == 3)
        #expect(stats.connectionsTotal == 1)
        #expect(stats.bytesReceived > 0)
    }

    @Test func duplicateBatchIsAckedTwiceStoredOnce() async throws {
        let store = InMemoryLogStore()
        let counters = CollectorCounters()
        let replies = try await withIngestServer(store: store, counters: counters) { address in
            let batch = TestAgent.batch("i-a", sequence: 1, messages: ["only once"])
            return try await TestAgent.connect(to: address).exchange([TestAgent.hello(Self.identity), batch, batch], replies: 3)
        }
        #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: 1)), .ack(Ack(sequence: 1))])
        #expect(store.lines(of: "i-a").map(\.message) == ["only once"])
        #expect(counters.snapshot().duplicateBatches == 1)
        #expect(counters.snapshot().batches == 1)
    }

    @Test func welcomeReportsLastStoredSequenceOnReconnect() async throws {
        let store = InMemoryLogStore()
        let replies = try await withIngestServer(store: store) { address in
            _ = try await TestAgent.connect(to: address).exchange(
                [TestAgent.hello(Self.identity), TestAgent.batch("i-a", sequence: 5, messages: ["x"])], replies: 2)
            return try await TestAgent.connect(to: address).exchange([TestAgent.hello(Self.identity)], replies: 1)
        }
        guard case .welcome(let welcome)? = replies.first else {
            Issue.record("expected welcome, got \(replies)")
            return
        }
        #expect(welcome.lastStoredSequence == 5)
    }

    @Test func wrongInstanceIsRefusedAndCounted() async throws {
        let store = InMemoryLogStore()
        let counters = CollectorCounters()
        let replies = try await withIngestServer(store: store, counters: counters) { address in
            try await TestAgent.connect(to: address).exchange(
                [TestAgent.hello(Self.identity), TestAgent.batch("i-b", sequence: 1, messages: ["spoof"])], replies: 3)
        }
        #expect(replies.count == 2, "collector closes after the refusal")
        #expect(replies.last == .refuse(Refusal(code: .wrongInstance, message: "batch for i-b on a connection bound to i-a")))
        #expect(store.lines(of: "i-b").isEmpty)
        #expect(counters.snapshot().refusals == ["wrong_instance": 1])
    }

    @Test func badTokenIsRefused() async throws {
        let settings = CollectorSettings(fleetToken: "fleet")
        let counters = CollectorCounters()
        let replies = try await withIngestServer(settings: settings, store: InMemoryLogStore(), counters: counters) { address in
            try await TestAgent.connect(to: address).exchange([TestAgent.hello(Self.identity, token: "nope")], replies: 2)
        }
        guard case .refuse(let refusal)? = replies.first else {
            Issue.record("expected a refusal, got \(replies)")
            return
        }
        #expect(refusal.code == .badToken)
        #expect(counters.snapshot().refusals["bad_token"] == 1)
    }

    @Test func garbageBytesAreRefusedAsMalformed() async throws {
        let counters = CollectorCounters()
        let reply = try await withIngestServer(store: InMemoryLogStore(), counters: counters) { address in
            try await RawClient.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), to: address)
        }
        let messages = try RawClient.decode(reply)
        guard case .refuse(let refusal)? = messages.first else {
            Issue.record("expected a refusal, got \(messages)")
            return
        }
        #expect(refusal.code == .malformedFrame)
        #expect(counters.snapshot().refusals["malformed_frame"] == 1)
    }

    @Test func overLimitFrameIsRefused() async throws {
        let settings = CollectorSettings(maxFrameBytes: CollectorSettings.minimumFrameBytes)
        let counters = CollectorCounters()
        let replies = try await withIngestServer(settings: settings, store: InMemoryLogStore(), counters: counters) { address in
            let big = (0..<2000).map { "line \($0) \(String(repeating: "x", count: 40)) \($0 &* 2654435761)" }
            return try await TestAgent.connect(to: address).exchange(
                [TestAgent.hello(Self.identity), TestAgent.batch("i-a", sequence: 1, messages: big)], replies: 3)
        }
        #expect(replies.count == 2)
        guard case .refuse(let refusal)? = replies.last else {
            Issue.record("expected a refusal, got \(replies)")
            return
        }
        #expect(refusal.code == .frameTooLarge)
        #expect(counters.snapshot().refusals["frame_too_large"] == 1)
    }

    @Test func storeFailureIsRefusedAndNothingAcked() async throws {
        let store = InMemoryLogStore()
        let replies = try await withIngestServer(store: store) { address in
            let agent = try await TestAgent.connect(to: address)
            return try await agent.channel.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                try await outbound.write(TestAgent.hello(Self.identity))
                let welcome = try await iterator.next()
                store.failAll(with: StoreError(.io, "disk full"))
                try await outbound.write(TestAgent.batch("i-a", sequence: 1, messages: ["lost?"]))
                return [welcome, try await iterator.next(), try await iterator.next()].compactMap { $0 }
            }
        }
        #expect(replies.count == 2)
        guard case .refuse(let refusal)? = replies.last else {
            Issue.record("expected a refusal, got \(replies)")
            return
        }
        #expect(refusal.code == .storeUnavailable)
        #expect(!replies.contains(.ack(Ack(sequence: 1))))
    }

    @Test func helloTimeoutRefuses() async throws {
        let settings = CollectorSettings(helloTimeout: .milliseconds(50))
        let replies = try await withIngestServer(settings: settings, store: InMemoryLogStore()) { address in
            try await TestAgent.connect(to: address).exchange([], replies: 1)
        }
        #expect(replies == [.refuse(Refusal(code: .timeout, message: "no hello within 50ms"))])
    }

    @Test func pingIsAnswered() async throws {
        let ping = WireMessage.ping(Ping(time: Timestamp(nanosecondsSinceEpoch: 99)))
        let replies = try await withIngestServer(store: InMemoryLogStore()) { address in
            try await TestAgent.connect(to: address).exchange([TestAgent.hello(Self.identity), ping], replies: 2)
        }
        #expect(replies.last == ping)
    }

    @Test func oneBadClientDoesNotDisturbOthers() async throws {
        let store = InMemoryLogStore()
        let replies = try await withIngestServer(store: store) { address in
            let good = try await TestAgent.connect(to: address)
            return try await good.channel.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                try await outbound.write(TestAgent.hello(Self.identity))
                let welcome = try await iterator.next()
                _ = try await RawClient.send([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1, 2, 3], to: address)
                try await outbound.write(TestAgent.batch("i-a", sequence: 1, messages: ["still here"]))
                return [welcome, try await iterator.next()].compactMap { $0 }
            }
        }
        #expect(replies.last == .ack(Ack(sequence: 1)))
        #expect(store.lines(of: "i-a").map(\.message) == ["still here"])
    }

    @Test func connectionsOverTheLimitAreRefused() async throws {
        let settings = CollectorSettings(maxConnections: 1)
        let counters = CollectorCounters()
        let replies = try await withIngestServer(settings: settings, store: InMemoryLogStore(), counters: counters) { address in
            let first = try await TestAgent.connect(to: address)
            return try await first.channel.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                try await outbound.write(TestAgent.hello(Self.identity))
                _ = try await iterator.next()
                return try await TestAgent.connect(to: address).exchange([], replies: 1)
            }
        }
        guard case .refuse(let refusal)? = replies.first else {
            Issue.record("expected a refusal, got \(replies)")
            return
        }
        #expect(refusal.code == .tooManyConnections)
        #expect(counters.snapshot().refusals["too_many_connections"] == 1)
    }

    @Test func connectionsOverThePerAddressLimitAreRefusedAndTheOthersKeepWorking() async throws {
        var settings = CollectorSettings()
        settings.maxConnectionsPerAddress = 1
        let counters = CollectorCounters()
        let (refused, stillServed) = try await withIngestServer(settings: settings, store: InMemoryLogStore(), counters: counters) { address in
            let first = try await TestAgent.connect(to: address)
            return try await first.channel.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                try await outbound.write(TestAgent.hello(Self.identity))
                _ = try await iterator.next()  // welcome
                let second = try await TestAgent.connect(to: address).exchange([], replies: 1)
                // The first connection is not disturbed: its batch is still stored and acknowledged
                try await outbound.write(TestAgent.batch("i-a", sequence: 1, messages: ["still here"]))
                return (second, try await iterator.next())
            }
        }
        guard case .refuse(let refusal)? = refused.first else {
            Issue.record("expected a refusal, got \(refused)")
            return
        }
        #expect(refusal.code == .tooManyConnections)
        #expect(refusal.message == "127.0.0.1 already has 1 open connections (maxConnectionsPerAddress)")
        #expect(stillServed == .ack(Ack(sequence: 1)))
        #expect(counters.snapshot().refusals["too_many_connections"] == 1)
    }

    @Test func anInstanceOverItsRecordRateIsSlowedDownNotDropped() async throws {
        var settings = CollectorSettings()
        settings.maxRecordsPerSecondPerInstance = 500
        settings.recordsBurst = .zero
        let counters = CollectorCounters()
        let store = InMemoryLogStore()
        let started = ContinuousClock.now
        let acks = try await withIngestServer(settings: settings, store: store, counters: counters) { address in
            // Three batches of 500 lines at 500 records/s without burst: the first passes at once, the
            // others wait for the budget, so the last is stored no earlier than 2 s after the first. (How long
            // each waited depends on how fast the machine handled the one before; that it waited does not.)
            let batches = (1...3).map { n in TestAgent.batch("i-a", sequence: UInt64(n), messages: (0..<500).map { "b\(n) line \($0)" }) }
            return try await TestAgent.connect(to: address).exchange([TestAgent.hello(Self.identity)] + batches, replies: 4)
        }
        let elapsed = ContinuousClock.now - started
        #expect(Array(acks.dropFirst()) == [.ack(Ack(sequence: 1)), .ack(Ack(sequence: 2)), .ack(Ack(sequence: 3))])
        #expect(store.lines(of: "i-a").count == 1_500, "every line stored")
        #expect(counters.snapshot().throttledBatches >= 1)
        #expect(counters.snapshot().throttledMilliseconds > 0)
        #expect(elapsed >= .seconds(2))
    }

    @Test func gracefulShutdownRefusesOpenSessionsWithShuttingDown() async throws {
        let settings = CollectorSettings(agentListen: HostAndPort(host: "127.0.0.1", port: 0))
        let server = AgentIngestServer(settings: settings, store: InMemoryLogStore(), counters: CollectorCounters(),
                                       logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [server], logger: Logger(label: "test")))
        let replies = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let agent = try await TestAgent.connect(to: try await server.address())
            let replies = try await agent.channel.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                try await outbound.write(TestAgent.hello(Self.identity))
                try await outbound.write(TestAgent.batch("i-a", sequence: 1, messages: ["in flight"]))
                var out: [WireMessage] = []
                for _ in 0..<2 { if let m = try await iterator.next() { out.append(m) } }
                await group.triggerGracefulShutdown()
                while let m = try await iterator.next() { out.append(m) }
                return out
            }
            try await tasks.waitForAll()
            return replies
        }
        #expect(replies.count == 3)
        #expect(replies.dropFirst().first == .ack(Ack(sequence: 1)))
        #expect(replies.last == .refuse(Refusal(code: .shuttingDown, message: "collector is shutting down, reconnect later")))
    }
}
