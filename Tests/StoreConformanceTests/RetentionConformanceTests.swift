import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: retention and pinning")
struct RetentionConformanceTests {
    static let lostAfter = Duration.seconds(60)
    static let day = 86_400.0

    /// Old lines and samples (day 0) and new ones (day 40) for `id`, sent by a booted agent.
    func seed(_ store: any LogStore, _ id: String, sequence: inout UInt64, goodbye: Bool = false) async throws {
        let old = lines([(1, "\(id) old a"), (2, "\(id) old b")])
        let new = lines([(40 * Self.day, "\(id) new")])
        let samples = [MetricSample(time: T.s(1), name: "cpu.busy", value: 0.5), MetricSample(time: T.s(40 * Self.day), name: "cpu.busy", value: 0.6)]
        _ = try await store.openStream(identity: identity(id), streamID: 7, at: T.s(0))
        sequence += 1
        _ = try await store.append(batch(identity(id), sequence: sequence, records: old, events: [LifecycleEvent(time: T.s(0), name: .boot)],
                                         metrics: [samples[0]], receivedAt: T.s(3)))
        sequence += 1
        let events = goodbye ? [LifecycleEvent(time: T.s(40 * Self.day + 1), name: .shutdown)] : []
        _ = try await store.append(batch(identity(id), sequence: sequence, records: new, events: events, metrics: [samples[1]],
                                         receivedAt: T.s(40 * Self.day + 1)))
    }

    func messages(_ store: any LogStore, _ id: String) async throws -> [String] {
        try await store.queryLogs(everything(.instance(id))).lines.map(\.record.message)
    }

    func samples(_ store: any LogStore, _ id: String) async throws -> Int {
        try await store.metricSeries(MetricQuery(scope: .instance(id), name: .exact("cpu.busy"))).series.map(\.points.count).reduce(0, +)
    }

    @Test(arguments: StoreKind.allCases) func expiredDataGoesExceptThatOfQuarantinedAndLostInstancesUntilReleased(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given four instances with data from day 0 and day 40: one said goodbye (terminated), one is still
            // running, one is quarantined by a rule (then terminated), one went silent on day 40 (lost by day 41)
            var sequence: UInt64 = 0
            try await seed(store, "i-done", sequence: &sequence, goodbye: true)
            try await seed(store, "i-live", sequence: &sequence)
            try await seed(store, "i-flagged", sequence: &sequence, goodbye: true)
            _ = try await store.recordFlag(StoredFlag(instanceID: "i-flagged", imageVersion: "v1", rule: "oom-kill", kind: "log_pattern",
                                                      action: "quarantine", time: T.s(2), reason: "oom"))
            try await seed(store, "i-gone", sequence: &sequence)
            // i-live keeps talking; i-gone does not
            _ = try await store.openStream(identity: identity("i-live"), streamID: 7, at: T.s(41 * Self.day))

            // When retention keeps 30 days at day 41
            let now = T.s(41 * Self.day)
            let policy = RetentionPolicy(cutoff: T.s(11 * Self.day), now: now, lostAfter: Self.lostAfter, maxChunksPerTransaction: 1)
            let outcome = try await store.applyRetention(policy)

            // Then the day-0 chunks of the terminated and running instances are gone, the pinned ones kept
            #expect(outcome.pinned == ["i-flagged": .quarantined, "i-gone": .lost])
            #expect(outcome.logChunksDeleted == 2 && outcome.linesDeleted == 4 && outcome.metricChunksDeleted == 2)
            // SQLite: one chunk per transaction, then one that finds nothing; PostgreSQL: first one that looks at the day-0
            // partition (not dropped: it holds pinned chunks), then the same three.
            #expect(outcome.transactions == (kind == .sqlite ? 3 : 4))
            #expect(try await messages(store, "i-done") == ["i-done new"])
            #expect(try await messages(store, "i-live") == ["i-live new"])
            #expect(try await messages(store, "i-flagged") == ["i-flagged old a", "i-flagged old b", "i-flagged new"])
            #expect(try await messages(store, "i-gone") == ["i-gone old a", "i-gone old b", "i-gone new"])
            #expect(try await samples(store, "i-done") == 1)
            #expect(try await samples(store, "i-gone") == 2)
            // The registry and timeline stay (delivery counters as received)
            #expect(try await store.instances(InstanceFilter(instanceID: "i-done", now: now, lostAfter: Self.lostAfter)).first?.delivery.lines == 3)
            #expect(try await store.events(instanceID: "i-done").count == 2)

            // When both pinned instances are released, the normal clock applies at the next pass
            _ = try await store.releaseFlags(instanceID: "i-flagged", reason: "analysed", at: T.s(41 * Self.day))
            _ = try await store.recordFlag(StoredFlag(instanceID: "i-gone", imageVersion: "v1", rule: "instance-lost", kind: "heartbeat_missing",
                                                      action: "quarantine", time: T.s(40 * Self.day + 120), reason: "lost"))
            #expect(try await store.applyRetention(policy).pinned == ["i-gone": .quarantined])
            _ = try await store.releaseFlags(instanceID: "i-gone", reason: "looked at it", at: T.s(41 * Self.day))
            let second = try await store.applyRetention(policy)
            #expect(second.pinned.isEmpty)
            #expect(try await messages(store, "i-flagged") == ["i-flagged new"])
            #expect(try await messages(store, "i-gone") == ["i-gone new"])

            // And a pass with nothing to do deletes nothing
            let third = try await store.applyRetention(policy)
            #expect(third.logChunksDeleted == 0 && third.metricChunksDeleted == 0 && third.transactions == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func aLostInstanceReleasedBeforeItWentSilentIsStillPinned(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            var sequence: UInt64 = 0
            try await seed(store, "i-x", sequence: &sequence)
            // A quarantine released on day 1, long before the instance went silent on day 40
            _ = try await store.recordFlag(StoredFlag(instanceID: "i-x", imageVersion: "v1", rule: "segfault", kind: "log_pattern",
                                                      action: "quarantine", time: T.s(2), reason: "segfault"))
            _ = try await store.releaseFlags(instanceID: "i-x", reason: "false alarm", at: T.s(Self.day))
            let outcome = try await store.applyRetention(RetentionPolicy(cutoff: T.s(11 * Self.day), now: T.s(41 * Self.day), lostAfter: Self.lostAfter))
            #expect(outcome.pinned == ["i-x": .lost])
            #expect(try await messages(store, "i-x").count == 3)
        }
    }
}
