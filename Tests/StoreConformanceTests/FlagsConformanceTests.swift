import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: flags and quarantine")
struct FlagsConformanceTests {
    static let lostAfter = Duration.seconds(600)

    static func flag(_ instance: String, _ rule: String, action: String, at seconds: Double) -> StoredFlag {
        StoredFlag(instanceID: instance, imageVersion: "v1", rule: rule, kind: "log_pattern", action: action, time: T.s(seconds),
                   reason: "\(rule) fired", evidenceJSON: #"[{"kind":"log"}]"#)
    }

    func state(_ store: any LogStore, _ instance: String, at seconds: Double) async throws -> InstanceState? {
        try await store.instances(InstanceFilter(instanceID: instance, now: T.s(seconds), lostAfter: Self.lostAfter)).first?.state
    }

    @Test(arguments: StoreKind.allCases) func quarantineFlagQuarantinesUntilReleasedAndWarnDoesNot(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            for id in ["i-1", "i-2"] {
                _ = try await store.openStream(identity: identity(id), streamID: 1, at: T.s(1))
            }
            // Given a warning on i-2 and a quarantine on i-1
            let warn = try await store.recordFlag(Self.flag("i-2", "segfault", action: "warn", at: 4))
            let quarantine = try await store.recordFlag(Self.flag("i-1", "oom-kill", action: "quarantine", at: 5))
            #expect(warn != quarantine)
            #expect(try await state(store, "i-1", at: 6) == .quarantined)
            #expect(try await state(store, "i-2", at: 6) == .running)
            #expect(try await store.events(instanceID: "i-1").map(\.event.name) == [.quarantinedByRule])

            // Listing: open quarantine flags only, or everything open, newest first
            #expect(try await store.flags(FlagFilter(openOnly: true, action: "quarantine")).map(\.rule) == ["oom-kill"])
            let all = try await store.flags(FlagFilter(openOnly: true))
            #expect(all.map(\.rule) == ["oom-kill", "segfault"])
            #expect(all.first?.evidenceJSON == #"[{"kind":"log"}]"#)
            #expect(all.first?.imageVersion == "v1")

            // Command results are recorded on the flag
            try await store.setFlagActionResults(id: quarantine, json: #"[{"argv":["true"]}]"#)
            #expect(try await store.flags(FlagFilter(instanceID: "i-1")).first?.actionResultsJSON == #"[{"argv":["true"]}]"#)

            // When i-1 is released (at a time before its flag: the release still ends the quarantine)
            let released = try await store.releaseFlags(instanceID: "i-1", reason: "replaced", at: T.s(3))
            #expect(released.map(\.id) == [quarantine])
            #expect(released.first?.releaseReason == "replaced")
            #expect(try await state(store, "i-1", at: 7) == .running)
            #expect(try await store.flags(FlagFilter(openOnly: true, action: "quarantine")).isEmpty)
            #expect(try await store.flags(FlagFilter(instanceID: "i-1")).first?.releasedAt == T.s(3))
            #expect(try await store.releaseFlags(instanceID: "i-1", reason: "again", at: T.s(8)).isEmpty)

            // A new quarantine after the release quarantines again
            _ = try await store.recordFlag(Self.flag("i-1", "kernel-panic", action: "quarantine", at: 20))
            #expect(try await state(store, "i-1", at: 21) == .quarantined)
        }
    }

    @Test(arguments: StoreKind.allCases) func flagOfAnUnknownInstanceIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            await #expect(throws: StoreError.self) { try await store.recordFlag(Self.flag("i-none", "oom-kill", action: "quarantine", at: 1)) }
        }
    }

    @Test(arguments: StoreKind.allCases) func manyFlagsAreStoredTogetherAndAnUnknownInstanceRefusesOnlyItsOwn(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            for id in ["i-1", "i-2"] {
                _ = try await store.openStream(identity: identity(id), streamID: 1, at: T.s(1))
            }
            // Given a storm of three flags, one of them for an instance the store never saw
            let results = try await store.recordFlags([Self.flag("i-1", "oom-kill", action: "quarantine", at: 5),
                                                       Self.flag("i-none", "oom-kill", action: "quarantine", at: 5),
                                                       Self.flag("i-2", "segfault", action: "warn", at: 6)])
            // Then the two others are stored with their own ids, the quarantine with its event
            #expect(results.count == 3)
            let ids = results.compactMap { try? $0.get() }
            #expect(ids.count == 2 && Set(ids).count == 2)
            #expect(throws: StoreError.self) { try results[1].get() }
            #expect(try await store.flags(FlagFilter(openOnly: true)).map(\.rule) == ["segfault", "oom-kill"])
            #expect(try await state(store, "i-1", at: 6) == .quarantined)
            #expect(try await store.events(instanceID: "i-1").map(\.event.name) == [.quarantinedByRule])
            #expect(try await store.recordFlags([]).isEmpty)
        }
    }
}
