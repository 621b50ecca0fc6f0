import IILogsCore
import IILogsStore
import Testing
@testable import IILogsCollector

/// `GET /v1/activity` over a real HTTP server on port 0.
@Suite struct ActivityHTTPTests {
    @Test func linesAndErrorsPerImagePerStep() async throws {
        // Given v1 with a line 150 s ago and an error 30 s ago, and v2 with two lines 90 s ago
        let store = InMemoryLogStore()
        let now = Timestamp.now()
        func ago(_ seconds: Int64) -> Timestamp { now.adding(nanoseconds: -seconds * 1_000_000_000) }
        store.seed(InstanceIdentity(instanceID: "i-a", imageVersion: "v1"), at: now, lines: [
            LogRecord(time: ago(150), severity: .info, app: "web", message: "started"),
            LogRecord(time: ago(30), severity: .error, app: "web", message: "upstream timed out"),
        ])
        store.seed(InstanceIdentity(instanceID: "i-b", imageVersion: "v2"), at: now, lines: [
            LogRecord(time: ago(90), severity: .info, app: "db", message: "a"),
            LogRecord(time: ago(90), severity: .warning, app: "db", message: "b"),
        ])
        try await CollectorHTTPTests().withAPI(store: store) { client in
            // When the last 3 minutes are asked for in steps of 1 minute
            let response = try await client.get("/v1/activity?window=3m&step=1m")
            #expect(response.status == 200)
            let body = try response.decode(APIActivityResponse.self)

            // Then each image has one count per step, oldest first
            #expect(body.step == "1m")
            #expect(body.images.map(\.image) == ["v1", "v2"])
            #expect(body.images.first?.lines == [1, 0, 1])
            #expect(body.images.first?.errors == [0, 0, 1])
            #expect(body.images.last?.lines == [0, 2, 0])
            #expect(body.images.last?.errors == [0, 0, 0])
            let since = try #require(RFC3339.parse(body.since))
            let until = try #require(RFC3339.parse(body.until))
            #expect(until.nanosecondsSinceEpoch - since.nanosecondsSinceEpoch == 180_000_000_000)

            // And the defaults are 30 steps of 1 minute
            let defaults = try await client.get("/v1/activity").decode(APIActivityResponse.self)
            #expect(defaults.images.first?.lines.count == 30)
        }
    }

    @Test func badParametersAreRefusedWithTheirName() async throws {
        try await CollectorHTTPTests().withAPI(store: InMemoryLogStore()) { client in
            for (query, name) in [("window=10s&step=1m", "window"), ("window=90s&step=1m", "window"), ("step=0s", "step"),
                                  ("step=1ms&window=1h", "step"), ("bogus=1", "bogus"), ("window=soon", "window")] {
                let response = try await client.get("/v1/activity?" + query)
                #expect(response.status == 400, "\(query)")
                #expect(response.text.contains(name), "\(query): \(response.text)")
            }
        }
    }
}
