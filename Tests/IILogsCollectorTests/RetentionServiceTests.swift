import IILogsCollector
import IILogsCore
import IILogsStore
import Logging
import Testing

@Suite struct RetentionServiceTests {
    static let day: Int64 = 86_400_000_000_000
    static let now = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)
    static func daysAgo(_ days: Int64) -> Timestamp { now.adding(nanoseconds: -days * day) }

    func service(_ store: InMemoryLogStore, keep: Duration?) -> RetentionService {
        RetentionService(settings: RetentionSettings(keep: keep), store: store, lostAfter: .seconds(60),
                         logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func aPassDeletesWhatIsOlderThanKeepAndSparesTheQuarantined() async throws {
        let store = InMemoryLogStore()
        for id in ["i-ok", "i-bad"] {
            store.seed(InstanceIdentity(instanceID: id, imageVersion: "v1"), at: Self.now,
                       lines: [LogRecord(time: Self.daysAgo(40), message: "old"), LogRecord(time: Self.daysAgo(1), message: "new")],
                       events: [LifecycleEvent(time: Self.daysAgo(41), name: .boot)])
        }
        _ = try await store.recordFlag(StoredFlag(instanceID: "i-bad", imageVersion: "v1", rule: "oom-kill", kind: "log_pattern",
                                                  action: "quarantine", time: Self.daysAgo(40), reason: "oom"))

        let outcome = try #require(await service(store, keep: .seconds(30 * 86_400)).pass(now: Self.now))

        #expect(outcome.pinned == ["i-bad": .quarantined])
        #expect(outcome.linesDeleted == 1)
        #expect(store.lines(of: "i-ok").map(\.message) == ["new"])
        #expect(store.lines(of: "i-bad").map(\.message) == ["old", "new"])
    }

    @Test func offKeepsEverythingAndAFailingStoreIsLoggedNotThrown() async throws {
        let store = InMemoryLogStore()
        store.seed(InstanceIdentity(instanceID: "i-1", imageVersion: "v1"), at: Self.now, lines: [LogRecord(time: Self.daysAgo(400), message: "old")])
        #expect(await service(store, keep: nil).pass(now: Self.now) == nil)
        #expect(store.lines(of: "i-1").count == 1)
        store.failAll(with: StoreError(.io, "disk gone"))
        #expect(await service(store, keep: .seconds(86_400)).pass(now: Self.now) == nil)
    }

    @Test func offKeepsTheCollectorRunning() async throws {
        // It used to return at once, and the collector's service group stopped with it (`--retention off`)
        #expect(try await runsUntilShutdown(service(InMemoryLogStore(), keep: nil)))
    }

    @Test func settingsRefuseATinyKeepOrIntervalNamingTheKey() {
        #expect(throws: SettingsError(key: "retention", problem: "must be at least 1h (or off), got 30s")) {
            try RetentionSettings(keep: .seconds(30)).validate()
        }
        #expect(throws: SettingsError(key: "retentionInterval", problem: "must be between 1s and 24h, got 2d")) {
            try RetentionSettings(interval: .seconds(2 * 86_400)).validate()
        }
        #expect(throws: Never.self) { try RetentionSettings(keep: nil).validate() }
    }
}
