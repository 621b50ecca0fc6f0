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
        await #expect(throws: (any Error).self) { try await collector.addresses() }
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
}
