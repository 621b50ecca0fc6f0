import Foundation
import IILogsCore
import IILogsStore
import Logging
import ServiceLifecycle
import Testing
@testable import IILogsCollector

@Suite struct CollectorTests {
    static let settings = CollectorSettings(agentListen: HostAndPort(host: "127.0.0.1", port: 0),
                                            httpListen: HostAndPort(host: "127.0.0.1", port: 0))

    @Test func agentBatchIsQueryableOverHTTPAndStoreClosedOnShutdown() async throws {
        let store = InMemoryLogStore()
        let printed = AsyncPromise<String>()
        let collector = Collector(settings: Self.settings, store: store, logger: Logger(label: "test")) {
            printed.succeed($0.description)
        }
        let group = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await collector.addresses()
            #expect(addresses.agents.port != 0)
            #expect(addresses.http.port != 0)
            #expect(try await printed.value() == "listening agents=127.0.0.1:\(addresses.agents.port) http=127.0.0.1:\(addresses.http.port)")

            let identity = InstanceIdentity(instanceID: "i-e2e", imageVersion: "v9")
            let replies = try await TestAgent.connect(to: addresses.agents).exchange(
                [TestAgent.hello(identity), TestAgent.batch("i-e2e", sequence: 1, messages: ["through the front door"])], replies: 2)
            #expect(replies.last == .ack(Ack(sequence: 1)))

            let logs = try await HTTPTestClient(address: addresses.http).get("/v1/logs?instance=i-e2e").decode(APILogsResponse.self)
            #expect(logs.lines.map(\.message) == ["through the front door"])
            let stats = try await HTTPTestClient(address: addresses.http).get("/v1/stats").decode(CollectorStats.self)
            #expect(stats.counters.batches == 1)

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(store.isClosed)
    }

    @Test func bindFailureFailsRunAndAddresses() async throws {
        let first = Collector(settings: Self.settings, store: InMemoryLogStore(), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [first], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let taken = try await first.addresses().agents
            var settings = Self.settings
            settings.agentListen = taken
            let second = Collector(settings: settings, store: InMemoryLogStore(), logger: Logger(label: "test"))
            await #expect(throws: (any Error).self) { try await second.run() }
            await #expect(throws: (any Error).self) { try await second.addresses() }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func realSQLiteStoreEndToEnd() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-collector-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(directory: directory.path, logger: Logger(label: "test"))
        let collector = Collector(settings: Self.settings, store: store, logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await collector.addresses()
            let identity = InstanceIdentity(instanceID: "i-sql", imageVersion: "v3", bootID: "b")
            let batch = TestAgent.batch("i-sql", sequence: 1, messages: ["stored in sqlite", "second"])
            let replies = try await TestAgent.connect(to: addresses.agents).exchange([TestAgent.hello(identity), batch, batch], replies: 3)
            #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: 1)), .ack(Ack(sequence: 1))])
            let again = try await TestAgent.connect(to: addresses.agents).exchange([TestAgent.hello(identity)], replies: 1)
            if case .welcome(let welcome)? = again.first {
                #expect(welcome.lastStoredSequence == 1)
            } else {
                Issue.record("expected welcome, got \(again)")
            }
            let client = HTTPTestClient(address: addresses.http)
            let logs = try await client.get("/v1/logs?instance=i-sql").decode(APILogsResponse.self)
            #expect(logs.lines.map(\.message) == ["stored in sqlite", "second"])
            let instance = try await client.get("/v1/instances/i-sql").decode(APIInstance.self)
            #expect(instance.image == "v3")
            let images = try await client.get("/v1/images").decode(APIImagesResponse.self)
            #expect(images.images.map(\.image) == ["v3"])
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func smallBatchesAreMergedInTheBackgroundAndCountedInMetrics() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-collector-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(directory: directory.path, logger: Logger(label: "test"))
        var settings = Self.settings
        settings.compaction.interval = .milliseconds(100)
        let collector = Collector(settings: settings, store: store, logger: Logger(label: "test"))
        try await withRunningCollector(collector) { addresses in
            // Given an agent that sent ten one-line batches
            let identity = InstanceIdentity(instanceID: "i-quiet", imageVersion: "v1", bootID: "b")
            let batches = (1...10).map { TestAgent.batch("i-quiet", sequence: UInt64($0), messages: ["line \($0)"]) }
            let replies = try await TestAgent.connect(to: addresses.agents).exchange([TestAgent.hello(identity)] + batches, replies: 11)
            #expect(replies.last == .ack(Ack(sequence: 10)))
            // Then later passes merge them into one chunk (a pass may have seen only some of them: then two merges),
            // /metrics counts what they did, and the lines read as before
            #expect(await eventually {
                (try? await store.queryLogs(LogQuery(scope: .instance("i-quiet"), limit: 0)))?.stats.chunksDecoded == 1
            })
            // A pass counts what it did when it ends, after its last write (and after its other steps): wait for the
            // count of the pass that left one chunk. Ten chunks became one, so merges removed nine in all.
            #expect(await eventually {
                let totals = collector.counters.compaction.snapshot.totals
                return totals.chunksMerged - totals.chunksWritten == 9
            })
            let totals = collector.counters.compaction.snapshot.totals
            #expect(totals.chunksMerged >= 10 && totals.chunksWritten >= 1 && totals.chunksMerged - totals.chunksWritten == 9)
            let client = HTTPTestClient(address: addresses.http)
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains("iilogs_compaction_chunks_total{kind=\"merged\"} \(totals.chunksMerged)\n"))
            #expect(metrics.contains("iilogs_compaction_chunks_total{kind=\"written\"} \(totals.chunksWritten)\n"))
            let logs = try await client.get("/v1/logs?instance=i-quiet&limit=0").decode(APILogsResponse.self)
            #expect(logs.lines.map(\.message) == (1...10).map { "line \($0)" })
        }
    }
}
