import IILogsAgent
import IILogsCore
import IILogsTesting
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct ShipperTests {
    let identity = InstanceIdentity(instanceID: "i-test", imageVersion: "v1", bootID: "boot-1")

    func makeShipper(_ spool: Spool, port: Int, maxInFlight: Int = 4, ackTimeout: Duration = .seconds(60)) -> Shipper {
        Shipper(options: .init(token: "secret", identity: identity, agentVersion: "test", maxInFlight: maxInFlight,
                               backoff: Backoff(minimum: .milliseconds(5), maximum: .milliseconds(50)),
                               ackTimeout: ackTimeout, drainDeadline: .seconds(20)),
                connector: CollectorConnector(host: "127.0.0.1", port: port), spool: spool, logger: spoolTestLogger)
    }

    func appendBatches(_ spool: Spool, count: Int) async throws {
        for _ in 0..<count {
            _ = try await spool.append(recordCount: 1, checkpoints: []) { sequence, dropped in
                Batcher<ContinuousClock>.wireFrame(Batch(instanceID: "i-test", sequence: sequence, droppedRecords: dropped, logs: nil,
                                                         events: [LifecycleEvent(time: .zero, name: .heartbeat)]))
            }
        }
    }

    @Test func shipsThroughRefusalAndDroppedConnectionExactlyOncePerSequence() async throws {
        let dir = try TemporaryDirectory(prefix: "shipper")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 8 << 20, segmentBytes: 1024)
        try await appendBatches(spool, count: 10)
        let collector = try await ShipperTestCollector(script: [.refuse(.storeUnavailable), .dropAfter(ackCount: 3), .refuse(.badToken)])
        let shipper = makeShipper(spool, port: collector.port)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collector.run() }
            group.addTask { try await shipper.run() }
            #expect(await spool.waitUntilAcknowledged(through: 10, timeout: .seconds(30)))
            try await appendBatches(spool, count: 10)
            #expect(await shipper.waitUntilAcknowledged(upTo: 20, timeout: .seconds(30)))
            group.cancelAll()
        }
        let state = collector.state.withLock { $0 }
        #expect(state.stored.keys.sorted() == Array(1...20))
        #expect(state.stored.values.allSatisfy { $0 == 1 })
        #expect(state.connections >= 4)
        #expect(state.hellos.allSatisfy { $0.token == "secret" && $0.identity == identity })
        #expect(Set(state.hellos.map(\.streamID)).count == 1)
        #expect(state.hellos.map(\.lastAckedSequence) == state.hellos.map(\.lastAckedSequence).sorted())
        #expect(shipper.statistics.refusals["bad_token"] == 1)
        #expect(shipper.statistics.refusals["store_unavailable"] == 1)
        #expect(await spool.unacknowledgedEntries == 0)
        #expect(await spool.segmentCount == 0)
    }

    @Test func aSilentCollectorIsDroppedAtTheAckTimeoutAndTheBatchesResent() async throws {
        let dir = try TemporaryDirectory(prefix: "shipper")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 8 << 20, segmentBytes: 1024)
        try await appendBatches(spool, count: 10)
        // Given a collector that goes silent after 3 acks, then one that never answers the hello, then a good one
        let collector = try await ShipperTestCollector(script: [.silentAfter(ackCount: 3), .silentHello])
        let shipper = makeShipper(spool, port: collector.port, ackTimeout: .seconds(1))
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collector.run() }
            group.addTask { try await shipper.run() }
            // Then the shipper gives up both silent connections and ships everything over the third
            #expect(await shipper.waitUntilAcknowledged(upTo: 10, timeout: .seconds(20)))
            group.cancelAll()
        }
        let elapsed = ContinuousClock.now - started
        let state = collector.state.withLock { $0 }
        // (Under a loaded machine the good collector's first ack can itself come later than 1 s: then that
        // connection times out too and another follows. What holds either way is below.)
        #expect(state.connections >= 3)
        #expect(state.stored.keys.sorted() == Array(1...10))
        #expect(state.stored.values.allSatisfy { $0 == 1 })
        let acked = state.hellos.map(\.lastAckedSequence)
        #expect(acked.first == 0 && acked == acked.sorted() && acked.allSatisfy { $0 <= 3 } && acked.count == state.connections, "\(acked)")
        #expect(shipper.statistics.ackTimeouts == state.connections - 1, "every connection but the last ended by the timeout")
        #expect(shipper.statistics.connections == state.connections - 1, "the silent hello never reached welcome")
        #expect(elapsed >= .seconds(2), "two timeouts of 1s each: \(elapsed)")
    }

    @Test func aWriteTheConnectionNeverTakesIsBoundedByTheAckTimeout() async throws {
        let dir = try TemporaryDirectory(prefix: "shipper")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path, maxBytes: 64 << 20, segmentBytes: 16 << 20)
        func megabyte() -> [UInt8] {
            var random = SystemRandomNumberGenerator()
            let words = (0..<(1 << 17)).map { _ in random.next() as UInt64 }  // 1 MiB that does not compress
            return words.withUnsafeBytes { Array($0) }
        }
        func append(_ payload: [UInt8]) async throws {
            _ = try await spool.append(recordCount: 1, checkpoints: []) { _, _ in payload }
        }
        // Made beforehand, so the write below starts well within the ack timeout of the batches before it: it is
        // the write's own bound that must end it, not the acknowledgement deadline checked between writes.
        let ninth = megabyte()
        // Given 8 MiB in flight to a collector that welcomed the agent, then stopped reading
        for _ in 0..<8 { try await append(megabyte()) }
        let server = try StalledReaderServer()
        defer { server.stop() }
        let logs = CapturedLogs()
        let shipper = Shipper(options: .init(token: "secret", identity: identity, agentVersion: "test", maxInFlight: 16,
                                             backoff: Backoff(minimum: .milliseconds(5), maximum: .milliseconds(50)),
                                             ackTimeout: .seconds(3), drainDeadline: .seconds(1)),
                              connector: CollectorConnector(host: "127.0.0.1", port: server.port), spool: spool, logger: logs.logger)
        let stalled = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await shipper.run() }
            let deadline = ContinuousClock.now + .seconds(60)  // far more than it takes: a bound, not a timing
            while shipper.statistics.batchesSent < 8, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            // When one more batch is to be written while the socket's buffers are full
            try await append(ninth)
            // Then the write is given up after the ack timeout, although the loop that checks ack deadlines is stuck in it
            while shipper.statistics.ackTimeouts == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            group.cancelAll()
            return shipper.statistics.ackTimeouts
        }
        #expect(stalled >= 1)
        #expect(logs.messages.contains { $0.contains("the connection to the collector took no bytes within shipper.ackTimeout") },
                "\(logs.messages)")
    }

    @Test func welcomeLastStoredSequenceSkipsResending() async throws {
        let dir = try TemporaryDirectory(prefix: "shipper")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        try await appendBatches(spool, count: 5)
        let collector = try await ShipperTestCollector(script: [])
        collector.state.withLock { state in
            for sequence in 1...3 { state.stored[UInt64(sequence)] = 1 }
            state.maxContiguousStored = 3
        }
        let shipper = makeShipper(spool, port: collector.port)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collector.run() }
            group.addTask { try await shipper.run() }
            #expect(await shipper.waitUntilAcknowledged(upTo: 5, timeout: .seconds(30)))
            group.cancelAll()
        }
        #expect(collector.state.withLock { $0.received } == [4, 5])
    }

    @Test func gracefulShutdownDrainsTheSpool() async throws {
        let dir = try TemporaryDirectory(prefix: "shipper")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let collector = try await ShipperTestCollector(script: [])
        let shipper = makeShipper(spool, port: collector.port, maxInFlight: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collector.run() }
            let serviceGroup = ServiceGroup(services: [shipper], logger: spoolTestLogger)
            group.addTask { try await serviceGroup.run() }
            try await appendBatches(spool, count: 12)
            await serviceGroup.triggerGracefulShutdown()
            try await group.next()  // the service group ends once the shipper has drained
            group.cancelAll()
        }
        #expect(await spool.acknowledgedSequence == 12)
    }
}
