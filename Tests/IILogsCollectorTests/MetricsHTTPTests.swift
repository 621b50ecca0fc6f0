import Foundation
import IILogsCore
import IILogsStore
import Logging
import ServiceLifecycle
import Testing
@testable import IILogsCollector

@Suite struct MetricsHTTPTests {
    /// 1_800_000_000 s (2027-01-15T08:00:00Z) is a multiple of 60, so minute buckets start there.
    static let minute = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000)

    static func sample(_ seconds: Int64, _ name: String, _ value: Double, labels: [LogField] = []) -> MetricSample {
        MetricSample(time: minute.adding(.seconds(seconds)), name: name, value: value, unit: name == "cpu.busy" ? "ratio" : "", labels: labels)
    }

    /// i-a and i-b of v1 and i-c of v2 with cpu samples; i-a also has disk samples.
    static func seededStore() async throws -> InMemoryLogStore {
        let store = InMemoryLogStore()
        let samples: [(String, String, [MetricSample])] = [
            ("i-a", "v1", [sample(0, "cpu.busy", 0.25), sample(30, "cpu.busy", 0.75), sample(60, "cpu.busy", .nan),
                           sample(0, "disk.read_bytes", 4096, labels: [LogField("dev", "sda")])]),
            ("i-b", "v1", [sample(10, "cpu.busy", 0.125), sample(70, "cpu.busy", 1)]),
            ("i-c", "v2", [sample(0, "cpu.busy", 9)]),
        ]
        for (instance, image, metrics) in samples {
            _ = try await store.append(IngestBatch(identity: InstanceIdentity(instanceID: instance, imageVersion: image),
                                                   stream: StreamPosition(streamID: 1, sequence: 1), receivedAt: minute, logs: nil,
                                                   metrics: metrics))
        }
        return store
    }

    @Test func rawSamplesOfAnInstanceWithNonFiniteAsNull() async throws {
        try await CollectorHTTPTests().withAPI(store: Self.seededStore()) { client in
            let response = try await client.get("/v1/metrics?instance=i-a&name=cpu.busy")
            #expect(response.status == 200)
            let body = try response.decode(APIMetricsResponse.self)
            #expect(body.series.count == 1)
            #expect(body.series.first?.instance == "i-a" && body.series.first?.unit == "ratio")
            #expect(body.series.first?.points == [
                APIMetricPoint(time: "2027-01-15T08:00:00.000000000Z", value: 0.25),
                APIMetricPoint(time: "2027-01-15T08:00:30.000000000Z", value: 0.75),
                APIMetricPoint(time: "2027-01-15T08:01:00.000000000Z", value: nil)])
            #expect(body.step == nil && body.percentiles == nil)
            #expect(response.text.contains(#""value":null"#))

            let disk = try await client.get("/v1/metrics?instance=i-a&name=disk.&labels=dev=sda").decode(APIMetricsResponse.self)
            #expect(disk.series.map(\.name) == ["disk.read_bytes"])
            #expect(disk.series.first?.labels == ["dev": "sda"])
            let none = try await client.get("/v1/metrics?instance=i-a&labels=dev=sdz").decode(APIMetricsResponse.self)
            #expect(none.series.isEmpty)
        }
    }

    @Test func imageStepsWithPercentilesAcrossInstances() async throws {
        try await CollectorHTTPTests().withAPI(store: Self.seededStore()) { client in
            let body = try await client.get("/v1/metrics?image=v1&name=cpu.busy&step=1m&percentiles=0,50,100")
                .decode(APIMetricsResponse.self)
            #expect(body.step == "1m" && body.aggregate == "avg")
            #expect(body.series.map(\.instance) == ["i-a", "i-b"])
            #expect(body.series.first?.points.map(\.value) == [0.5, nil])
            #expect(body.series.last?.points.map(\.value) == [0.125, 1])
            let percentiles = try #require(body.percentiles)
            #expect(percentiles.map(\.percentile) == [0, 50, 100])
            #expect(percentiles.allSatisfy { $0.instance == nil && $0.image == "v1" })
            // minute 1: i-a 0.5, i-b 0.125; minute 2: i-a NaN (ignored), i-b 1
            #expect(percentiles.map { $0.points.map(\.value) } == [[0.125, 1], [0.3125, 1], [0.5, 1]])
            #expect(percentiles[0].points.map(\.time) == ["2027-01-15T08:00:00.000000000Z", "2027-01-15T08:01:00.000000000Z"])

            let defaults = try await client.get("/v1/metrics?image=v1&name=cpu.busy&step=1m&agg=max").decode(APIMetricsResponse.self)
            #expect(defaults.percentiles?.map(\.percentile) == [50, 90, 99])
            #expect(defaults.aggregate == "max")
            #expect(defaults.series.count == 2)

            let only = try await client.get("/v1/metrics?image=v1&name=cpu.busy&step=1m&percentiles=50&series=false").decode(APIMetricsResponse.self)
            #expect(only.series.isEmpty)
            #expect(only.percentiles?.map { $0.points.map(\.value) } == [[0.3125, 1]])
        }
    }

    @Test func namesOfAnInstance() async throws {
        try await CollectorHTTPTests().withAPI(store: Self.seededStore()) { client in
            let names = try await client.get("/v1/metrics/names?instance=i-a").decode(APIMetricNamesResponse.self).names
            #expect(names.map(\.name) == ["cpu.busy", "disk.read_bytes"])
            #expect(names.map(\.samples) == [3, 1])
            #expect(names.first?.firstTime == "2027-01-15T08:00:00.000000000Z")
            let bad = try await client.get("/v1/metrics/names?instance=i-a&name=x")
            #expect(bad.status == 400)
        }
    }

    @Test func badMetricParametersAre400NamingTheParameter() async throws {
        try await CollectorHTTPTests().withAPI(store: Self.seededStore()) { client in
            for (query, name) in [("", "instance"), ("instance=a&image=b", "instance"), ("instance=a&step=0s", "step"),
                                  ("instance=a&step=soon", "step"), ("instance=a&agg=avg", "agg"), ("instance=a&step=1m&agg=mean", "agg"),
                                  ("instance=a&step=1m&percentiles=50", "percentiles"), ("image=v1&step=1m&percentiles=50,101", "percentiles"),
                                  ("instance=a&labels=novalue", "labels"), ("instance=a&since=yesterday", "since"),
                                  ("instance=a&since=1h&until=2h", "since"), ("instance=a&colour=red", "colour"),
                                  ("image=v1&series=false", "series"), ("image=v1&step=1m&series=maybe", "series")] {
                let response = try await client.get("/v1/metrics?\(query)")
                #expect(response.status == 400, "\(query)")
                let body = try response.decode(APIErrorBody.self)
                #expect(body.error.code == "bad_parameter")
                #expect(body.error.message.hasPrefix("\(name):"), "\(body.error.message)")
            }
        }
    }

    /// The whole path over TCP: an agent's batch with metric samples → ingest → SQLite chunks → HTTP, values intact.
    @Test func agentSamplesOverTCPComeBackFromTheSQLiteStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-metrics-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(directory: directory.path, logger: Logger(label: "test"))
        let collector = Collector(settings: CollectorTests.settings, store: store, logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await collector.addresses()
            // Given an agent that ships two batches of samples (odd values on purpose: they must come back bit for bit)
            let identity = InstanceIdentity(instanceID: "i-metrics", imageVersion: "v7", bootID: "b")
            let values: [Double] = [0.1, 0.2 + 0.1, 1e-300, -0.0, 12_345_678_901, .pi, 0.333333333333]
            let first = values.prefix(4).enumerated().map { Self.sample(Int64($0.offset) * 10, "cpu.busy", $0.element) }
            let second = values.dropFirst(4).enumerated().map { Self.sample(Int64($0.offset + 4) * 10, "cpu.busy", $0.element) }
                + [Self.sample(0, "mem.used", Double(7 << 30), labels: [LogField("kind", "rss")])]
            let replies = try await TestAgent.connect(to: addresses.agents).exchange([
                TestAgent.hello(identity),
                .batch(Batch(instanceID: "i-metrics", sequence: 1, logs: nil, metrics: Array(first))),
                .batch(Batch(instanceID: "i-metrics", sequence: 2, logs: nil, metrics: second)),
            ], replies: 3)
            #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: 1)), .ack(Ack(sequence: 2))])

            // Then the HTTP API returns exactly the values sent, in time order, merged into one chunk
            let client = HTTPTestClient(address: addresses.http)
            let cpu = try await client.get("/v1/metrics?instance=i-metrics&name=cpu.busy").decode(APIMetricsResponse.self)
            #expect(cpu.series.count == 1)
            #expect(cpu.series.first?.points.compactMap(\.value).map(\.bitPattern) == values.map(\.bitPattern))
            #expect(cpu.series.first?.points.first?.time == "2027-01-15T08:00:00.000000000Z")
            #expect(cpu.stats.chunksDecoded == 1)
            let stepped = try await client.get("/v1/metrics?instance=i-metrics&name=cpu.busy&step=1m&agg=count").decode(APIMetricsResponse.self)
            #expect(stepped.series.first?.points.map(\.value) == [6, 1])
            let names = try await client.get("/v1/metrics/names?instance=i-metrics").decode(APIMetricNamesResponse.self).names
            #expect(names.map(\.name) == ["cpu.busy", "mem.used"])
            let image = try await client.get("/v1/metrics?image=v7&name=mem.*&labels=kind=rss").decode(APIMetricsResponse.self)
            #expect(image.series.first?.points.map(\.value) == [Double(7 << 30)])

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
