import Foundation
import IILogsCore
import IILogsTesting
import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import IILogsCollector

@Suite struct WebhookDispatcherTests {
    static let secret = "test-secret-0123456789"

    static func notification(_ n: Int, kind: ActionNotification.Kind = .instanceFlagged) -> ActionNotification {
        ActionNotification(kind: kind, id: "flag-\(n)", time: Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + Int64(n)),
                           instanceID: "i-\(n)", image: "web-v1", rule: "crash-loop", action: "quarantine",
                           reason: "4 restarts in 10m", evidence: ["panic: nil map"], labels: ["zone": "z1"])
    }

    static func settings(port: Int, maxAttempts: Int = 10) -> WebhookSettings {
        WebhookSettings(endpoints: [WebhookEndpointSettings(url: "http://127.0.0.1:\(port)/hook", secret: secret)],
                        connectTimeout: .seconds(2), requestTimeout: .seconds(5),
                        retry: RetryPolicy(maxAttempts: maxAttempts, minBackoff: .milliseconds(10), maxBackoff: .milliseconds(40)))
    }

    /// Runs `dispatcher` in a service group around `body`, then shuts it down gracefully.
    func running<T: Sendable>(_ dispatcher: WebhookDispatcher, _ body: @Sendable () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [dispatcher], logger: Logger(label: "test")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    func deliveryLog(_ path: String) throws -> [DeliveryLogEntry] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(DeliveryLogEntry.self, from: Data($0.utf8))
        }
    }

    @Test func receiverFailingFirstTwoAttemptsStillGetsEveryNotificationOnce() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try await WebhookTestReceiver.with(respond: { _, previous in previous < 2 ? 500 : 200 }) { receiver in
            // Given a dispatcher whose receiver answers 500 to the first two attempts of each notification
            let dispatcher = try await WebhookDispatcher(settings: Self.settings(port: receiver.port), directory: folder.file("webhooks"),
                                                         logger: Logger(label: "test"))
            try await running(dispatcher) {
                // When five notifications are queued
                for n in 1...5 {
                    let result = try await dispatcher.enqueue(Self.notification(n))
                    #expect(result == .queued(droppedOldest: 0))
                }
                // Then all five are acknowledged after retries
                #expect(await eventually() { dispatcher.counters.snapshot.acknowledged == 5 })
                try await Task.sleep(for: .milliseconds(150))  // anything re-sent after the ack would arrive now
            }
            let received = receiver.received
            #expect(received.count == 15)
            for n in 1...5 {
                let attempts = received.filter { $0.headers["x-iilogs-delivery"] == "flag-\(n)" }
                #expect(attempts.map(\.status) == [500, 500, 200], "flag-\(n)")
                for request in attempts {
                    #expect(request.requestLine == "POST /hook HTTP/1.1")
                    #expect(request.headers["content-type"] == "application/json")
                    #expect(request.headers["x-iilogs-event"] == "instance_flagged")
                    #expect(request.headers["x-iilogs-timestamp"].flatMap { RFC3339.parse($0) } != nil)
                    let signature = try #require(request.headers["x-iilogs-signature"])
                    #expect(WebhookSignature.verify(header: signature, secret: Self.secret, body: request.body))
                    #expect(try JSONDecoder().decode(ActionNotification.self, from: Data(request.body)) == Self.notification(n))
                }
            }
            #expect(await dispatcher.outbox.pendingCount == 0)
            let snapshot = dispatcher.counters.snapshot
            #expect(snapshot.failedAttempts == 10)
            #expect(snapshot.gaveUp == 0)
            let log = try deliveryLog(dispatcher.outbox.deliveryLogPath)
            #expect(log.count == 15)
            #expect(log.filter { $0.outcome == .acknowledged }.map(\.attempt) == [3, 3, 3, 3, 3])
            #expect(log.filter { $0.outcome == .retry }.allSatisfy { $0.status == 500 })

            // And a new dispatcher on the same folder has nothing left to send
            let restarted = try await WebhookDispatcher(settings: Self.settings(port: receiver.port), directory: folder.file("webhooks"),
                                                        logger: Logger(label: "test"))
            #expect(await restarted.outbox.pendingCount == 0)
            try await running(restarted) { try await Task.sleep(for: .milliseconds(100)) }
            #expect(receiver.received.count == 15)
        }
    }

    @Test func undeliveredNotificationsSurviveARestart() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let receiverUp = Flag()
        try await WebhookTestReceiver.with(respond: { _, _ in receiverUp.value.load(ordering: .relaxed) ? 200 : 503 }) { receiver in
            // Given a dispatcher that queued three notifications while the receiver answered 503 (attempts
            // unbounded for the test: at 10–40 ms backoff a slow machine could reach 10 and give one up)
            let first = try await WebhookDispatcher(settings: Self.settings(port: receiver.port, maxAttempts: 1_000_000), directory: folder.file("webhooks"),
                                                    logger: Logger(label: "test"))
            try await running(first) {
                for n in 1...3 { try await first.enqueue(Self.notification(n)) }
                #expect(await eventually { first.counters.snapshot.failedAttempts >= 2 })
            }
            #expect(await first.outbox.pendingCount == 3)
            #expect(first.counters.snapshot.acknowledged == 0)

            // When the receiver recovers and a new dispatcher opens the same folder
            receiverUp.value.store(true, ordering: .relaxed)
            let second = try await WebhookDispatcher(settings: Self.settings(port: receiver.port), directory: folder.file("webhooks"),
                                                     logger: Logger(label: "test"))
            #expect(await second.outbox.pendingCount == 3)
            try await running(second) {
                #expect(await eventually() { second.counters.snapshot.acknowledged == 3 })
            }
            // Then each notification was acknowledged exactly once, in queue order
            let acknowledged = receiver.received.filter { $0.status == 200 }.compactMap { $0.headers["x-iilogs-delivery"] }
            #expect(acknowledged == ["flag-1", "flag-2", "flag-3"])
            #expect(await second.outbox.pendingCount == 0)
        }
    }

    @Test func endpointsReceiveOnlyTheKindsTheyWant() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try await WebhookTestReceiver.with(respond: { _, _ in 200 }) { receiver in
            var settings = Self.settings(port: receiver.port)
            settings.endpoints[0].kinds = [.imageVerdictChanged]
            let dispatcher = try await WebhookDispatcher(settings: settings, directory: folder.file("webhooks"), logger: Logger(label: "test"))
            try await running(dispatcher) {
                let flagged = try await dispatcher.enqueue(Self.notification(1))
                let verdict = try await dispatcher.enqueue(Self.notification(2, kind: .imageVerdictChanged))
                let again = try await dispatcher.enqueue(Self.notification(2, kind: .imageVerdictChanged))
                #expect(flagged == .noEndpoint)
                #expect(verdict == .queued(droppedOldest: 0))
                #expect(again == .duplicate)
                #expect(await eventually { dispatcher.counters.snapshot.acknowledged == 1 })
            }
            #expect(receiver.received.map { $0.headers["x-iilogs-delivery"] } == ["flag-2"])
        }
    }

    /// A transport that fails every attempt, counting them (no sockets).
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    final class FailingTransport: WebhookTransport {
        let attempts = Atomic<Int>(0)
        func send(_ url: WebhookURL, body: [UInt8], headers: [(String, String)]) async -> DeliveryState.AttemptOutcome {
            attempts.add(1, ordering: .relaxed)
            return .failed("connection refused")
        }
    }

    @Test func givesUpAfterMaxAttemptsAndLogsIt() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let transport = FailingTransport()
        let dispatcher = try await WebhookDispatcher(settings: Self.settings(port: 9, maxAttempts: 3), directory: folder.file("webhooks"),
                                                     logger: Logger(label: "test"), transport: transport)
        try await running(dispatcher) {
            try await dispatcher.enqueue(Self.notification(1))
            #expect(await eventually { dispatcher.counters.snapshot.gaveUp == 1 })
        }
        #expect(transport.attempts.load(ordering: .relaxed) == 3)
        #expect(await dispatcher.outbox.pendingCount == 0)
        let log = try deliveryLog(dispatcher.outbox.deliveryLogPath)
        #expect(log.map(\.outcome) == [.retry, .retry, .gaveUp])
        #expect(log.allSatisfy { $0.error?.contains("connection refused") == true })
    }

    @Test func gracefulShutdownDoesNotWaitForABackoff() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var settings = Self.settings(port: 9)
        settings.retry = RetryPolicy(minBackoff: .seconds(3600), maxBackoff: .seconds(3600))
        let transport = FailingTransport()
        let dispatcher = try await WebhookDispatcher(settings: settings, directory: folder.file("webhooks"),
                                                     logger: Logger(label: "test"), transport: transport)
        let shutdownAsked = Mutex(ContinuousClock.now)
        try await running(dispatcher) {
            try await dispatcher.enqueue(Self.notification(1))
            #expect(await eventually { transport.attempts.load(ordering: .relaxed) == 1 })
            shutdownAsked.withLock { $0 = .now }  // `running` triggers the shutdown when this returns
        }
        // The retry waits an hour; stopping must not (the bound is loose: a loaded machine is slow, not an hour slow)
        #expect(ContinuousClock.now - shutdownAsked.withLock { $0 } < .seconds(60))
        #expect(await dispatcher.outbox.pendingCount == 1)  // kept for the next start
    }

    @Test func withoutEndpointsRunWaitsForShutdown() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let dispatcher = try await WebhookDispatcher(settings: WebhookSettings(), directory: folder.file("webhooks"), logger: Logger(label: "test"))
        let result = try await dispatcher.enqueue(Self.notification(1))
        #expect(result == .noEndpoint)
        let group = ServiceGroup(configuration: .init(services: [dispatcher], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func httpsEndpointIsRefusedAtStartUp() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let settings = WebhookSettings(endpoints: [WebhookEndpointSettings(url: "https://deploy.example/hook", secret: Self.secret)])
        await #expect(throws: SettingsError.self) {
            _ = try await WebhookDispatcher(settings: settings, directory: folder.file("webhooks"), logger: Logger(label: "test"))
        }
        do {
            try settings.validate()
            Issue.record("an https endpoint was accepted")
        } catch {
            #expect(error.key == "webhooks.endpoints[0].url")
            #expect(error.problem.contains("https:// is not supported yet"))
        }
    }
}
