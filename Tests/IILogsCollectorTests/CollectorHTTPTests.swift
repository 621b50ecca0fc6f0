import IILogsCore
import IILogsStore
import Logging
import ServiceLifecycle
import Testing
@testable import IILogsCollector

@Suite struct CollectorHTTPTests {
    static let base = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_123_456_789)

    /// A store with two instances of v1 (one with an error line and events) and one of v2.
    static func seededStore() -> InMemoryLogStore {
        let store = InMemoryLogStore()
        let now = Timestamp.now()
        store.seed(InstanceIdentity(instanceID: "i-a", imageVersion: "v1", bootID: "b1", labels: ["zone": "z1"]), at: now, lines: [
            LogRecord(time: base, severity: .info, app: "web", message: "started"),
            LogRecord(time: base.adding(.seconds(1)), severity: .error, app: "web", message: "upstream timed out",
                      fields: [LogField("path", "/x")]),
        ], events: [LifecycleEvent(time: base, name: .boot, bootID: "b1"), LifecycleEvent(time: base, name: .ready)])
        store.seed(InstanceIdentity(instanceID: "i-b", imageVersion: "v1"), at: now, lines: [
            LogRecord(time: base.adding(.seconds(2)), severity: .warning, app: "db", message: "slow query"),
        ])
        store.seed(InstanceIdentity(instanceID: "i-c", imageVersion: "v2"), at: now, lines: [
            LogRecord(time: base.adding(.seconds(3)), severity: .info, app: "web", message: "hello"),
        ], events: [LifecycleEvent(time: base, name: .shutdown)])
        return store
    }

    /// Runs the HTTP application on 127.0.0.1 port 0 around `body`.
    func withAPI<T: Sendable>(store: any LogStore, counters: CollectorCounters = CollectorCounters(), access: APIAccess = APIAccess(),
                              _ body: @Sendable (HTTPTestClient) async throws -> T) async throws -> T {
        let bound = AsyncPromise<HostAndPort>()
        let app = CollectorHTTP.buildApplication(address: HostAndPort(host: "127.0.0.1", port: 0), store: store, counters: counters,
                                                 lostAfter: .seconds(60), access: access, logger: Logger(label: "test")) { bound.succeed($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let address = try await bound.value()
            #expect(address.port != 0)
            let result = try await body(HTTPTestClient(address: address))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    @Test func logsOfAnInstanceWithFilters() async throws {
        try await withAPI(store: Self.seededStore()) { client in
            let all = try await client.get("/v1/logs?instance=i-a&limit=0")
            #expect(all.status == 200)
            #expect(all.headers["content-type"]?.hasPrefix("application/json") == true)
            let response = try all.decode(APILogsResponse.self)
            #expect(response.lines.map(\.message) == ["started", "upstream timed out"])
            #expect(response.lines.first?.time == "2027-01-15T08:00:00.123456789Z")
            #expect(response.lines.last?.fields == ["path": "/x"])
            #expect(response.lines.last?.severity == "err")

            let errors = try await client.get("/v1/logs?image=v1&severity=warning").decode(APILogsResponse.self)
            #expect(errors.lines.map(\.instance) == ["i-a", "i-b"])

            let grep = try await client.get("/v1/logs?grep=timed%20out&since=2027-01-15T08:00:00Z").decode(APILogsResponse.self)
            #expect(grep.lines.map(\.message) == ["upstream timed out"])

            let newest = try await client.get("/v1/logs?limit=1").decode(APILogsResponse.self)
            #expect(newest.lines.map(\.message) == ["hello"])
            let oldest = try await client.get("/v1/logs?limit=1&keep=oldest").decode(APILogsResponse.self)
            #expect(oldest.lines.map(\.message) == ["started"])
        }
    }

    @Test func badLogParametersAre400NamingTheParameter() async throws {
        try await withAPI(store: Self.seededStore()) { client in
            for (query, name) in [("severity=loud", "severity"), ("since=yesterday", "since"), ("limit=-5", "limit"),
                                  ("instance=a&image=b", "instance"), ("keep=all", "keep"), ("colour=red", "colour")] {
                let response = try await client.get("/v1/logs?\(query)")
                #expect(response.status == 400, "\(query)")
                let body = try response.decode(APIErrorBody.self)
                #expect(body.error.code == "bad_parameter")
                #expect(body.error.message.hasPrefix("\(name):"), "\(body.error.message)")
            }
        }
    }

    @Test func instancesListAndFilters() async throws {
        try await withAPI(store: Self.seededStore()) { client in
            let all = try await client.get("/v1/instances").decode(APIInstancesResponse.self)
            #expect(all.instances.map(\.instance) == ["i-a", "i-b", "i-c"])
            #expect(all.instances.allSatisfy { $0.events == nil })
            let v1 = try await client.get("/v1/instances?image=v1").decode(APIInstancesResponse.self)
            #expect(v1.instances.map(\.instance) == ["i-a", "i-b"])
            let done = try await client.get("/v1/instances?state=terminated").decode(APIInstancesResponse.self)
            #expect(done.instances.map(\.instance) == ["i-c"])
            let bad = try await client.get("/v1/instances?state=sleepy")
            #expect(bad.status == 400)
            #expect(try bad.decode(APIErrorBody.self).error.message.hasPrefix("state:"))
        }
    }

    @Test func oneInstanceWithEventsOr404() async throws {
        try await withAPI(store: Self.seededStore()) { client in
            let a = try await client.get("/v1/instances/i-a")
            #expect(a.status == 200)
            let instance = try a.decode(APIInstance.self)
            #expect(instance.labels == ["zone": "z1"])
            #expect(instance.boot == "b1")
            #expect(instance.events?.map(\.name) == ["boot", "ready"])
            #expect(instance.delivery.lines == 2)
            let missing = try await client.get("/v1/instances/i-zzz")
            #expect(missing.status == 404)
            #expect(try missing.decode(APIErrorBody.self).error.code == "not_found")
        }
    }

    @Test func imagesWithStateCounts() async throws {
        try await withAPI(store: Self.seededStore()) { client in
            let images = try await client.get("/v1/images").decode(APIImagesResponse.self)
            #expect(images.images.map(\.image) == ["v1", "v2"])
            #expect(images.images.first?.instances == 2)
            #expect(images.images.first?.states == ["running": 2])
            #expect(images.images.last?.states == ["terminated": 1])
        }
    }

    @Test func statsAndHealthz() async throws {
        let counters = CollectorCounters()
        counters.connectionOpened()
        counters.refused(.badToken)
        counters.batchStored(lineCount: 7, duplicate: false)
        try await withAPI(store: InMemoryLogStore(), counters: counters) { client in
            let stats = try await client.get("/v1/stats").decode(CollectorStats.self)
            #expect(stats.version == CollectorVersion.current)
            #expect(stats.counters.refusals == ["bad_token": 1])
            #expect(stats.counters.lines == 7)
            #expect(stats.counters.connectionsCurrent == 1)
            let health = try await client.get("/healthz")
            #expect(health.status == 200)
            #expect(health.text == "ok")
        }
    }

    @Test func storeFailureIs503() async throws {
        let store = InMemoryLogStore()
        store.failAll(with: StoreError(.unavailable, "database is locked"))
        try await withAPI(store: store) { client in
            for path in ["/v1/logs", "/v1/instances", "/v1/instances/i-a", "/v1/images"] {
                let response = try await client.get(path)
                #expect(response.status == 503, "\(path)")
                #expect(try response.decode(APIErrorBody.self).error.code == "store_unavailable")
            }
        }
    }

    @Test func unknownRouteIs404() async throws {
        try await withAPI(store: InMemoryLogStore()) { client in
            let response = try await client.get("/v2/nothing")
            #expect(response.status == 404)
        }
    }
}
