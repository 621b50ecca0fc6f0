import IILogsCollector
import IILogsCore
import IILogsStore
import Logging
import ServiceLifecycle

/// Runs `body` against a started ``AgentIngestServer`` on 127.0.0.1 port 0, then shuts it down gracefully.
func withIngestServer<T: Sendable>(
    settings: CollectorSettings = CollectorSettings(agentListen: HostAndPort(host: "127.0.0.1", port: 0)),
    store: any LogStore, counters: CollectorCounters = CollectorCounters(),
    _ body: @Sendable (HostAndPort) async throws -> T
) async throws -> T {
    var settings = settings
    settings.agentListen = HostAndPort(host: "127.0.0.1", port: 0)
    let server = AgentIngestServer(settings: settings, store: store, counters: counters, logger: Logger(label: "test"))
    let group = ServiceGroup(configuration: .init(services: [server], logger: Logger(label: "test")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let address = try await server.address()
            let result = try await body(address)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            tasks.cancelAll()
            throw error
        }
    }
}

/// Runs `collector` in a service group, gives `body` its bound addresses, then shuts it down gracefully (pending
/// lines stored) and returns what `body` returned; on an error it still shuts down before rethrowing.
func withRunningCollector<T>(_ collector: Collector, _ body: (CollectorAddresses) async throws -> T) async throws -> T {
    let group = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "test")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: T
        do {
            result = try await body(try await collector.addresses())
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes (long: a condition that holds returns at once,
/// and in a full `swift test` ~850 tests share a 2-core machine's cooperative pool at the start, where each await can
/// queue behind hundreds of others: a webhook test whose retries take ~1 s alone missed 30 s in CI).
func eventually(timeout: Duration = .seconds(120), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
