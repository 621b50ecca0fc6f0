import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: registry")
struct RegistryConformanceTests {
    @Test(arguments: StoreKind.allCases) func statesImagesAndFilters(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            func send(_ id: String, image: String, _ events: [LifecycleEvent.Name], at seconds: Double) async throws {
                let evs = events.enumerated().map { LifecycleEvent(time: T.s(seconds + Double($0.offset) * 0.001), name: $0.element) }
                _ = try await store.append(batch(identity(id, image: image), stream: nil, sequence: 0, events: evs, receivedAt: T.s(seconds)))
            }
            try await send("i-run", image: "v1", [.boot, .ready], at: 100)
            try await send("i-lost", image: "v1", [.boot], at: 10)
            try await send("i-ending", image: "v1", [.boot, .terminating], at: 100)
            try await send("i-gone", image: "v2", [.boot, .terminating], at: 10)
            try await send("i-clean", image: "v2", [.boot, .shutdown], at: 100)
            try await send("i-again", image: "v2", [.boot, .shutdown], at: 50)
            try await send("i-again", image: "v2", [.boot], at: 100)

            let now = T.s(120), lostAfter = Duration.seconds(60)
            let all = try await store.instances(InstanceFilter(now: now, lostAfter: lostAfter))
            let states = Dictionary(uniqueKeysWithValues: all.map { ($0.identity.instanceID, $0.state) })
            #expect(states == ["i-run": .running, "i-lost": .lost, "i-ending": .terminating, "i-gone": .terminated,
                               "i-clean": .terminated, "i-again": .running])

            #expect(try await store.instances(InstanceFilter(image: "v2", now: now, lostAfter: lostAfter)).map(\.identity.instanceID).sorted()
                    == ["i-again", "i-clean", "i-gone"])
            #expect(try await store.instances(InstanceFilter(state: .lost, now: now, lostAfter: lostAfter)).map(\.identity.instanceID) == ["i-lost"])
            #expect(try await store.instances(InstanceFilter(instanceID: "i-run", now: now, lostAfter: lostAfter)).map(\.lastEvent) == ["ready"])

            let images = try await store.images(at: now, lostAfter: lostAfter)
            #expect(images.map(\.imageVersion) == ["v1", "v2"])
            #expect(images.first?.byState == [.running: 1, .lost: 1, .terminating: 1])
            #expect(images.last?.byState == [.terminated: 2, .running: 1])
            #expect(images.map(\.instances) == [3, 3])
            #expect(try await store.events(instanceID: "i-again").map(\.event.name) == [.boot, .shutdown, .boot])
        }
    }

    /// Collectors sharing a store learn which of them an instance talks to now: the one that received its newest
    /// batch, stored or duplicate; a late batch received earlier elsewhere does not take the instance back.
    @Test(arguments: StoreKind.allCases) func receptionsNameTheCollectorOfTheNewestBatch(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let agent = identity("i-moving")
            _ = try await store.append(batch(agent, sequence: 1, records: lines([(1, "a")]), receivedAt: T.s(10), receivedBy: "collector-a"))
            #expect(try await store.receptions(instanceIDs: ["i-moving", "i-unknown"])
                    == ["i-moving": InstanceReception(lastSeen: T.s(10), receivedBy: "collector-a")])

            // The agent moves: B stores its next batch
            _ = try await store.append(batch(agent, sequence: 2, records: lines([(2, "b")]), receivedAt: T.s(20), receivedBy: "collector-b"))
            #expect(try await store.receptions(instanceIDs: ["i-moving"])["i-moving"] == InstanceReception(lastSeen: T.s(20), receivedBy: "collector-b"))

            // A batch A received before B's, committed after it, leaves the instance with B
            _ = try await store.append(batch(agent, sequence: 3, records: lines([(3, "c")]), receivedAt: T.s(15), receivedBy: "collector-a"))
            #expect(try await store.receptions(instanceIDs: ["i-moving"])["i-moving"] == InstanceReception(lastSeen: T.s(20), receivedBy: "collector-b"))

            // A retried batch A receives later (a duplicate) moves it back: the agent talks to A again
            #expect(try await store.append(batch(agent, sequence: 2, records: lines([(2, "b")]), receivedAt: T.s(30), receivedBy: "collector-a")) == .duplicate)
            #expect(try await store.receptions(instanceIDs: ["i-moving"])["i-moving"] == InstanceReception(lastSeen: T.s(30), receivedBy: "collector-a"))
            #expect(try await store.receptions(instanceIDs: []).isEmpty)
        }
    }
}
