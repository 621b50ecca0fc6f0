import IILogsAgent
import IILogsCore
import IILogsTesting
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct ShipperTests {
    let identity = InstanceIdentity(instanceID: "i-test", imageVersion: "v1", bootID: "boot-1")

    func makeShipper(_ spool: Spool, port: Int, maxInFlight: Int = 4) -> Shipper {
        Shipper(options: .init(token: "secret", identity: identity, agentVersion: "test", maxInFlight: maxInFlight,
                               backoff: Backoff(minimum: .milliseconds(5), maximum: .milliseconds(50)),
                               drainDeadline: .seconds(20)),
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
