import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: deployer events and timelines")
struct DeployerEventsConformanceTests {
    static let lostAfter = Duration.seconds(60)

    static func event(_ id: String, _ name: LifecycleEvent.Name, at seconds: Double, image: String = "v1", key: String? = nil) -> DeployerEvent {
        DeployerEvent(instanceID: id, imageVersion: image, name: name, time: T.s(seconds), detail: "by test", id: key)
    }

    @Test(arguments: StoreKind.allCases) func launchedBeforeTheAgentCreatesTheInstanceAndItsImage(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let outcomes = try await store.recordDeployerEvents([Self.event("i-new", .launched, at: 5, image: "v9")], receivedAt: T.s(6))
            #expect(outcomes == [.created])
            let listed = try await store.instances(InstanceFilter(now: T.s(10), lostAfter: Self.lostAfter))
            #expect(listed.map(\.identity.instanceID) == ["i-new"])
            #expect(listed.first?.identity.imageVersion == "v9")
            #expect(listed.first?.state == .running)
            #expect(listed.first?.firstSeen == T.s(5))
            #expect(listed.first?.lastEvent == "launched")
            #expect(try await store.images(at: T.s(10), lostAfter: Self.lostAfter).map(\.imageVersion) == ["v9"])

            // The agent connects later with its boot: same instance, events from both sources.
            _ = try await store.openStream(identity: identity("i-new", image: "v9"), streamID: 7, at: T.s(8))
            _ = try await store.append(batch(identity("i-new", image: "v9"), sequence: 1, events: [LifecycleEvent(time: T.s(8), name: .boot, bootID: "boot-1")],
                                             receivedAt: T.s(8)))
            let events = try await store.events(instanceID: "i-new")
            #expect(events.map(\.event.name) == [.launched, .boot])
            #expect(events.map(\.source) == [.deployer, .agent])
            #expect(events.first?.eventID == DeployerEvent.derivedID(name: .launched, time: T.s(5)))
            #expect(events.first?.event.detail == "by test")
            // Never silent for long: after lostAfter without the agent it would be lost; it spoke at 8.
            #expect(try await store.instances(InstanceFilter(now: T.s(60), lostAfter: Self.lostAfter)).first?.state == .running)
            #expect(try await store.instances(InstanceFilter(now: T.s(69), lostAfter: Self.lostAfter)).first?.state == .lost)
        }
    }

    @Test(arguments: StoreKind.allCases) func theSameIDOrTheSameEventAndTimeIsStoredOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let first = try await store.recordDeployerEvents([Self.event("i-1", .launched, at: 1, key: "deploy-42"),
                                                              Self.event("i-1", .terminateRequested, at: 2)], receivedAt: T.s(3))
            #expect(first == [.created, .created])
            // A retry of both, plus the keyed one under another time (same id: still a duplicate) and a new one.
            let retry = try await store.recordDeployerEvents([Self.event("i-1", .launched, at: 1, key: "deploy-42"),
                                                              Self.event("i-1", .terminateRequested, at: 2),
                                                              Self.event("i-1", .launched, at: 1.5, key: "deploy-42"),
                                                              Self.event("i-1", .terminateRequested, at: 2.5)], receivedAt: T.s(4))
            #expect(retry == [.duplicate, .duplicate, .duplicate, .created])
            #expect(try await store.events(instanceID: "i-1").map(\.event.time) == [T.s(1), T.s(2), T.s(2.5)])
            // Ids are per instance: the same id on another instance is new.
            #expect(try await store.recordDeployerEvents([Self.event("i-2", .launched, at: 1, key: "deploy-42")], receivedAt: T.s(4)) == [.created])
        }
    }

    @Test(arguments: StoreKind.allCases) func statesFromDeployerEvents(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            for id in ["i-closed", "i-held", "i-asked"] {
                _ = try await store.append(batch(identity(id), stream: nil, sequence: 0,
                                                 events: [LifecycleEvent(time: T.s(0), name: .boot, bootID: "boot-1")], receivedAt: T.s(100)))
            }
            _ = try await store.recordDeployerEvents([Self.event("i-closed", .terminated, at: 90), Self.event("i-held", .quarantinedByDeployer, at: 90),
                                                      Self.event("i-asked", .terminateRequested, at: 90)], receivedAt: T.s(100))
            func states(at now: Double) async throws -> [String: InstanceState] {
                let all = try await store.instances(InstanceFilter(now: T.s(now), lostAfter: Self.lostAfter))
                return Dictionary(uniqueKeysWithValues: all.map { ($0.identity.instanceID, $0.state) })
            }
            #expect(try await states(at: 110) == ["i-closed": .terminated, "i-held": .quarantined, "i-asked": .terminating])
            #expect(try await states(at: 500) == ["i-closed": .terminated, "i-held": .quarantined, "i-asked": .terminated])
            let images = try await store.images(at: T.s(110), lostAfter: Self.lostAfter)
            #expect(images.first?.byState == [.terminated: 1, .quarantined: 1, .terminating: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func sequenceGapsAndTheTimelineThroughTheStore(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let id = identity("i-gappy")
            _ = try await store.openStream(identity: id, streamID: 7, at: T.s(0))
            for sequence: UInt64 in [1, 2, 5, 6, 9] {
                let events = sequence == 1 ? [LifecycleEvent(time: T.s(0), name: .boot, bootID: "boot-1")] : []
                _ = try await store.append(batch(id, sequence: sequence, records: lines([(Double(sequence), "line \(sequence)")]), events: events,
                                                 receivedAt: T.s(Double(sequence))))
            }
            #expect(try await store.sequenceGaps(instanceID: "i-gappy", limit: 10)
                    == [SequenceGap(streamID: 7, firstMissing: 3, lastMissing: 4), SequenceGap(streamID: 7, firstMissing: 7, lastMissing: 8)])
            #expect(try await store.sequenceGaps(instanceID: "i-gappy", limit: 1).count == 1)
            _ = try await store.recordDeployerEvents([Self.event("i-gappy", .terminated, at: 10)], receivedAt: T.s(11))

            let timeline = try #require(try await store.timeline(instanceID: "i-gappy", now: T.s(12), lostAfter: Self.lostAfter))
            #expect(timeline.state == .terminated)
            #expect(timeline.boots.map(\.bootID) == ["boot-1"])
            #expect(timeline.entries.first { $0.kind == .firstLog }?.detail == "[info] app: line 1")
            #expect(timeline.entries.first { $0.kind == .lastLog }?.detail == "[info] app: line 9")
            #expect(timeline.entries.filter { $0.name == "sequence" }.count == 2)
            #expect(timeline.entries.last?.kind == .end)
            #expect(try await store.timeline(instanceID: "i-nope", now: T.s(12), lostAfter: Self.lostAfter) == nil)
        }
    }
}
