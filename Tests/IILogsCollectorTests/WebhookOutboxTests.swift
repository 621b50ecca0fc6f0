import Foundation
import IILogsCore
import IILogsTesting
import Testing
@testable import IILogsCollector

@Suite struct WebhookOutboxTests {
    static let endpoint = "http://127.0.0.1:9000/hook"
    static let now = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000)

    func open(_ folder: TemporaryDirectory, max: Int = 100, endpoints: [String] = [endpoint],
              counters: WebhookCounters = WebhookCounters()) async throws -> WebhookOutbox {
        try await WebhookOutbox(directory: folder.file("webhooks"), endpoints: endpoints, maxQueuedNotifications: max,
                                maxDeliveryLogBytes: 1 << 20, counters: counters)
    }

    func notification(_ n: Int) -> ActionNotification {
        ActionNotification(kind: .imageVerdictChanged, id: "verdict-\(n)", time: Self.now, image: "web-v\(n)",
                           reason: "error rate 4% > 1%", verdict: "failing", previousVerdict: "healthy")
    }

    @Test func pendingNotificationsSurviveReopeningInOrder() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let outbox = try await open(folder)
        for n in 1...4 { _ = try await outbox.enqueue(notification(n), endpoints: [Self.endpoint], now: Self.now) }
        try await outbox.finish("verdict-2", endpoint: Self.endpoint, outcome: .acknowledged)

        let reopened = try await open(folder)
        #expect(await reopened.pendingIDs(for: Self.endpoint) == ["verdict-1", "verdict-3", "verdict-4"])
        #expect(await reopened.next(for: Self.endpoint)?.notification == notification(1))
        #expect(await reopened.next(for: Self.endpoint)?.queuedAt == Self.now)
        // Reopening rewrote the file with the pending notifications only.
        let lines = try String(contentsOfFile: reopened.outboxPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
    }

    @Test func queueBoundDropsTheOldestAndCountsIt() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let counters = WebhookCounters()
        let outbox = try await open(folder, max: 3, counters: counters)
        var results: [WebhookOutbox.EnqueueResult] = []
        for n in 1...5 { results.append(try await outbox.enqueue(notification(n), endpoints: [Self.endpoint], now: Self.now)) }
        #expect(results == [.queued(droppedOldest: 0), .queued(droppedOldest: 0), .queued(droppedOldest: 0),
                            .queued(droppedOldest: 1), .queued(droppedOldest: 1)])
        #expect(counters.snapshot.dropped == ["outbox_full": 2])
        #expect(counters.snapshot.queued == 5)
        #expect(await outbox.pendingIDs(for: Self.endpoint) == ["verdict-3", "verdict-4", "verdict-5"])
        let log = try String(contentsOfFile: outbox.deliveryLogPath, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(DeliveryLogEntry.self, from: Data($0.utf8))
        }
        #expect(log.map(\.id) == ["verdict-1", "verdict-2"])
        #expect(log.allSatisfy { $0.outcome == .dropped && $0.error?.contains("maxQueuedNotifications 3") == true })
        #expect(try await open(folder, max: 3).pendingIDs(for: Self.endpoint) == ["verdict-3", "verdict-4", "verdict-5"])
    }

    @Test func aTornLastLineIsSkippedAndCounted() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let outbox = try await open(folder)
        _ = try await outbox.enqueue(notification(1), endpoints: [Self.endpoint], now: Self.now)
        let handle = try #require(FileHandle(forWritingAtPath: outbox.outboxPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"op":"queued","notif"#.utf8))
        try handle.close()

        let counters = WebhookCounters()
        let reopened = try await open(folder, counters: counters)
        #expect(await reopened.pendingIDs(for: Self.endpoint) == ["verdict-1"])
        #expect(counters.snapshot.unreadableOutboxLines == 1)
    }

    @Test func endpointsNoLongerConfiguredAreDroppedAtOpen() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let other = "http://127.0.0.1:9001/other"
        let outbox = try await open(folder, endpoints: [Self.endpoint, other])
        _ = try await outbox.enqueue(notification(1), endpoints: [Self.endpoint, other], now: Self.now)
        try await outbox.finish("verdict-1", endpoint: Self.endpoint, outcome: .acknowledged)
        #expect(await outbox.pendingIDs(for: other) == ["verdict-1"])

        let counters = WebhookCounters()
        let reopened = try await open(folder, endpoints: [Self.endpoint], counters: counters)
        #expect(await reopened.pendingCount == 0)
        #expect(counters.snapshot.dropped == ["endpoint_removed": 1])
    }

    @Test func anIDQueuedAgainAfterDeliveryIsPendingOnce() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let outbox = try await open(folder)
        _ = try await outbox.enqueue(notification(1), endpoints: [Self.endpoint], now: Self.now)
        _ = try await outbox.enqueue(notification(2), endpoints: [Self.endpoint], now: Self.now)
        try await outbox.finish("verdict-1", endpoint: Self.endpoint, outcome: .acknowledged)
        let again = try await outbox.enqueue(notification(1), endpoints: [Self.endpoint], now: Self.now)
        #expect(again == .queued(droppedOldest: 0))
        #expect(await outbox.pendingIDs(for: Self.endpoint) == ["verdict-2", "verdict-1"])
        #expect(try await open(folder).pendingIDs(for: Self.endpoint) == ["verdict-2", "verdict-1"])
    }

    @Test func finishedLinesAreCompactedAway() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let outbox = try await open(folder, max: 10_000)
        let count = WebhookOutbox.compactionSlack + 10
        for n in 0..<count {
            _ = try await outbox.enqueue(notification(n), endpoints: [Self.endpoint], now: Self.now)
            try await outbox.finish("verdict-\(n)", endpoint: Self.endpoint, outcome: .acknowledged)
        }
        let lines = try String(contentsOfFile: outbox.outboxPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count < 2 * 10 + WebhookOutbox.compactionSlack)
        #expect(lines.count < 2 * count)
        #expect(await outbox.pendingCount == 0)
    }
}
