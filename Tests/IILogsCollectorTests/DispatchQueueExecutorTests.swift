import IILogsTesting
import Testing
@testable import IILogsCollector

@Suite struct DispatchQueueExecutorTests {
    actor OnItsOwnQueue {
        let executor = DispatchQueueExecutor(label: "test.queue")
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
        var count = 0

        func increment() -> Bool {
            count += 1
            return executor.isCurrent
        }
    }

    @Test func anActorOnTheExecutorRunsOnItsQueueOneJobAtATime() async {
        let actor = OnItsOwnQueue()
        #expect(!actor.executor.isCurrent)
        let onQueue = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { await actor.increment() } }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(onQueue)
        #expect(await actor.count == 200)
    }

    @Test func theWebhookOutboxWritesOnItsOwnQueue() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let outbox = try await WebhookOutbox(directory: folder.path, endpoints: ["http://127.0.0.1:1/hook"], maxQueuedNotifications: 10,
                                             maxDeliveryLogBytes: 1 << 20, counters: WebhookCounters())
        let onQueue = await outbox.runsOnItsQueue()
        #expect(onQueue)
    }
}

extension WebhookOutbox {
    func runsOnItsQueue() -> Bool { executor.isCurrent }
}
