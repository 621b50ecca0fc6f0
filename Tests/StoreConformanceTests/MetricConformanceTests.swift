import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: metrics")
struct MetricConformanceTests {
    /// T.s(40) is a multiple of 60 s since the epoch, so minute buckets start there.
    static let minute: Double = 40

    static func sample(_ seconds: Double, _ name: String, _ value: Double, unit: String = "", labels: [LogField] = []) -> MetricSample {
        MetricSample(time: T.s(seconds), name: name, value: value, unit: unit, labels: labels)
    }

    static func values(_ series: MetricSeriesResult?) -> [Double] { series?.points.map(\.value) ?? [] }
    static func seconds(_ series: MetricSeriesResult?) -> [Double] {
        series?.points.map { Double($0.time.nanosecondsSinceEpoch - T.origin) / 1e9 } ?? []
    }

    @Test(arguments: StoreKind.allCases) func samplesComeBackByInstanceNamePrefixLabelsAndWindow(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given two batches of cpu and disk samples for i-a, and cpu for i-b
            let sda = [LogField("dev", "sda")], sdb = [LogField("dev", "sdb")]
            #expect(try await store.append(batch(identity("i-a"), sequence: 1, metrics: [
                Self.sample(10, "cpu.busy", 0.25, unit: "ratio"), Self.sample(10, "disk.read_bytes", 4096, unit: "bytes", labels: sda),
                Self.sample(10, "disk.read_bytes", 0, unit: "bytes", labels: sdb), Self.sample(10, "disk.write_bytes", 512, labels: sda),
            ])) == .stored)
            #expect(try await store.append(batch(identity("i-a"), sequence: 2, metrics: [
                Self.sample(20, "cpu.busy", 0.5), Self.sample(20, "disk.read_bytes", 8192, labels: sda), Self.sample(30, "cpu.busy", .nan),
            ])) == .stored)
            #expect(try await store.append(batch(identity("i-b"), sequence: 1, metrics: [Self.sample(15, "cpu.busy", 0.75)])) == .stored)

            // Then an exact name returns that instance's samples with the values sent
            let cpu = try await store.metricSeries(MetricQuery(scope: .instance("i-a"), name: .exact("cpu.busy")))
            #expect(cpu.series.count == 1)
            let only = cpu.series.first
            #expect(only?.instanceID == "i-a" && only?.imageVersion == "v1" && only?.unit == "ratio" && only?.labels == [:])
            #expect(Self.seconds(only) == [10, 20, 30])
            #expect(Self.values(only).prefix(2) == [0.25, 0.5] && Self.values(only).last?.isNaN == true)
            // A prefix selects every disk series, ordered by name then labels
            let disk = try await store.metricSeries(MetricQuery(scope: .instance("i-a"), name: MetricNameMatch(parsing: "disk.*")))
            #expect(disk.series.map { "\($0.name){\($0.labels["dev"] ?? "")}" } == [
                "disk.read_bytes{sda}", "disk.read_bytes{sdb}", "disk.write_bytes{sda}"])
            #expect(Self.values(disk.series.first) == [4096, 8192])
            // Labels and the time window narrow it
            let sdaRead = try await store.metricSeries(MetricQuery(scope: .instance("i-a"), name: .prefix("disk."), labels: ["dev": "sda"],
                                                                   since: T.s(15), until: T.s(25)))
            #expect(sdaRead.series.map(\.name) == ["disk.read_bytes", "disk.write_bytes"])
            #expect(Self.values(sdaRead.series.first) == [8192])
            #expect(sdaRead.series.last?.points == [])
            // Unknown instances and names are empty, not errors
            #expect(try await store.metricSeries(MetricQuery(scope: .instance("i-zzz"))).series.isEmpty)
            #expect(try await store.metricSeries(MetricQuery(scope: .instance("i-a"), name: .exact("cpu"))).series.isEmpty)
            // Names list what the instance has
            let names = try await store.metricNames(.instance("i-a"))
            #expect(names.map(\.name) == ["cpu.busy", "disk.read_bytes", "disk.write_bytes"])
            #expect(names.map(\.samples) == [3, 3, 1])
            #expect(names.map(\.series) == [1, 2, 1])
            #expect(names.first?.firstTime == T.s(10) && names.first?.lastTime == T.s(30))
        }
    }

    @Test(arguments: StoreKind.allCases) func smallBatchesGrowOneHeadChunkUpToTheLimit(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let query = MetricQuery(scope: .instance("i-a"), name: .exact("load"))
            // Given three batches of one sample each: they share one chunk
            for n in 1...3 {
                _ = try await store.append(batch(identity("i-a"), sequence: UInt64(n), metrics: [Self.sample(Double(n), "load", Double(n))]))
            }
            var result = try await store.metricSeries(query)
            #expect(result.stats.chunksDecoded == 1)
            #expect(Self.values(result.series.first) == [1, 2, 3])
            // When one batch brings 800 more, chunks fill to the limit (360) and a new one starts
            let many = (4...803).map { Self.sample(Double($0), "load", Double($0)) }
            _ = try await store.append(batch(identity("i-a"), sequence: 4, metrics: many))
            result = try await store.metricSeries(query)
            #expect(result.stats.chunksDecoded == 3)
            #expect(Self.values(result.series.first) == (1...803).map(Double.init))
            // A late batch older than the newest chunk starts its own chunk, and the answer stays time-ordered
            _ = try await store.append(batch(identity("i-a"), sequence: 5, metrics: [Self.sample(0.5, "load", 0.5)]))
            result = try await store.metricSeries(query)
            #expect(result.stats.chunksDecoded == 4)
            #expect(Self.values(result.series.first) == [0.5] + (1...803).map(Double.init))
            // A duplicate batch adds nothing
            #expect(try await store.append(batch(identity("i-a"), sequence: 5, metrics: [Self.sample(0.5, "load", 0.5)])) == .duplicate)
            #expect(try await store.metricSeries(query).series.first?.points.count == 804)
        }
    }

    @Test(arguments: StoreKind.allCases) func stepsAggregatePerAlignedBucket(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given 12 samples 10 s apart, values 1…12, starting on a minute boundary
            let samples = (0..<12).map { Self.sample(Self.minute + Double($0) * 10, "req", Double($0 + 1)) }
            _ = try await store.append(batch(identity("i-a"), sequence: 1, metrics: samples))
            let expected: [(MetricAggregate, [Double])] = [(.avg, [3.5, 9.5]), (.min, [1, 7]), (.max, [6, 12]), (.last, [6, 12]),
                                                           (.count, [6, 6]), (.sum, [21, 57])]
            for (aggregate, values) in expected {
                let result = try await store.metricSeries(MetricQuery(scope: .instance("i-a"), step: .seconds(60), aggregate: aggregate))
                #expect(Self.values(result.series.first) == values, "\(aggregate)")
                #expect(Self.seconds(result.series.first) == [Self.minute, Self.minute + 60])
            }
            // A bucket that straddles the window keeps only samples inside it
            let window = try await store.metricSeries(MetricQuery(scope: .instance("i-a"), since: T.s(Self.minute + 30), step: .seconds(60),
                                                                  aggregate: .avg))
            #expect(Self.values(window.series.first) == [5, 9.5])
            await #expect(throws: StoreError.self) { try await store.metricSeries(MetricQuery(scope: .instance("i-a"), step: .zero)) }
        }
    }

    @Test(arguments: StoreKind.allCases) func imagePercentilesAcrossInstancesPerStep(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given 11 instances of v1 whose cpu averages 0, 10, …, 100 in the first minute and 100 − that in the second,
            // and one instance of v2 that must not count
            for n in 0...10 {
                let level = Double(n * 10)
                _ = try await store.append(batch(identity("i-\(n)", image: "v1"), sequence: 1, metrics: [
                    Self.sample(Self.minute + 5, "cpu.busy", level - 1), Self.sample(Self.minute + 35, "cpu.busy", level + 1),
                    Self.sample(Self.minute + 65, "cpu.busy", 100 - level),
                ]))
            }
            _ = try await store.append(batch(identity("i-other", image: "v2"), sequence: 1, metrics: [Self.sample(Self.minute + 5, "cpu.busy", 1e9)]))

            let result = try await store.metricSeries(MetricQuery(scope: .image("v1"), name: .exact("cpu.busy"), step: .seconds(60),
                                                                  percentiles: [50, 90, 99]))
            #expect(result.series.count == 11)
            #expect(result.series.allSatisfy { $0.imageVersion == "v1" })
            #expect(result.percentiles.map(\.percentile) == [50, 90, 99])
            #expect(result.percentiles.allSatisfy { $0.instanceID == nil && $0.name == "cpu.busy" })
            let p50 = result.percentiles[0], p90 = result.percentiles[1], p99 = result.percentiles[2]
            #expect(Self.seconds(p50) == [Self.minute, Self.minute + 60])
            #expect(Self.values(p50) == [50, 50])
            #expect(Self.values(p90) == [90, 90])
            #expect(Self.values(p99).allSatisfy { abs($0 - 99) < 1e-9 })
            // Percentiles are not computed for an instance, nor without a step
            #expect(try await store.metricSeries(MetricQuery(scope: .instance("i-1"), step: .seconds(60), percentiles: [50])).percentiles.isEmpty)
            #expect(try await store.metricSeries(MetricQuery(scope: .image("v1"), percentiles: [50])).percentiles.isEmpty)
            // Too many series is a clear error, unless only the percentiles are asked for
            await #expect(throws: StoreError.self) { try await store.metricSeries(MetricQuery(scope: .image("v1"), maxSeries: 10)) }
            let only = try await store.metricSeries(MetricQuery(scope: .image("v1"), step: .seconds(60), percentiles: [90], maxSeries: 10,
                                                                includeInstanceSeries: false))
            #expect(only.series.isEmpty)
            #expect(only.percentiles.map { Self.values($0) } == [[90, 90]])
        }
    }

    @Test(arguments: StoreKind.allCases) func aDamagedChunkIsSkippedCountedAndNeverMergedInto(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
            let store = subject.store
            let query = MetricQuery(scope: .instance("i-a"), name: .exact("load"))
            _ = try await store.append(batch(identity("i-a"), sequence: 1, metrics: [Self.sample(1, "load", 1), Self.sample(2, "load", 2)]))
            _ = try await store.append(batch(identity("i-a"), sequence: 2, metrics: [Self.sample(1, "temp", 30)]))
            // When the load chunk's bytes are damaged on disk (its checksum no longer matches)
            try await subject.execute(
                sqlite: "UPDATE metric_chunks SET data = x'01000000000000' WHERE series_key = (SELECT key FROM metric_series WHERE name = 'load')",
                postgres: "UPDATE metric_chunks SET data = '\\x01000000000000'::bytea WHERE series_key = (SELECT key FROM metric_series WHERE name = 'load')")
            // Then the query skips and counts it, other series are intact
            var result = try await store.metricSeries(query)
            #expect(result.series.first?.points == [])
            #expect(result.stats.chunksCorrupt == 1)
            #expect(Self.values(try await store.metricSeries(MetricQuery(scope: .instance("i-a"), name: .exact("temp"))).series.first) == [30])
            // And new samples go to a new chunk rather than into the damaged one
            _ = try await store.append(batch(identity("i-a"), sequence: 3, metrics: [Self.sample(3, "load", 3)]))
            result = try await store.metricSeries(query)
            #expect(Self.values(result.series.first) == [3])
            #expect(result.stats.chunksCorrupt == 1 && result.stats.chunksDecoded == 1)
        }
    }
}
