import Logging
import ServiceLifecycle
import Synchronization

/// Runs `service` alone in a service group (which ends when a service returns); true when it was still running
/// after 200 ms and then stopped on graceful shutdown without an error.
func runsUntilShutdown(_ service: some Service) async throws -> Bool {
    let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
    let ended = WebhookDispatcherTests.Flag()
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            try await group.run()
            ended.value.store(true, ordering: .relaxed)
        }
        try await Task.sleep(for: .milliseconds(200))
        let stillRunning = !ended.value.load(ordering: .relaxed)
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return stillRunning
    }
}
