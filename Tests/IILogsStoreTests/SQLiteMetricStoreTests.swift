import FoundationEssentials
import IILogsCore
@testable import IILogsStore
import Testing

@Suite("SQLiteStore metrics (SQLite only; the rest runs on both stores in StoreConformanceTests)")
struct SQLiteMetricStoreTests {
    static func sample(_ seconds: Double, _ name: String, _ value: Double, unit: String = "", labels: [LogField] = []) -> MetricSample {
        MetricSample(time: T.s(seconds), name: name, value: value, unit: unit, labels: labels)
    }

    static func values(_ series: MetricSeriesResult?) -> [Double] { series?.points.map(\.value) ?? [] }

    @Test func metricsSurviveReopeningReadOnly() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        _ = try await store.append(batch(identity("i-a"), sequence: 1, metrics: [Self.sample(1, "mem.used", 123_456_789, unit: "bytes")]))
        await store.close()
        let reader = try folder.open(readOnly: true)
        let result = try await reader.metricSeries(MetricQuery(scope: .instance("i-a")))
        #expect(result.series.map(\.unit) == ["bytes"])
        #expect(Self.values(result.series.first) == [123_456_789])
        await reader.close()
    }

    /// A realistic 10 s sampler (30 series, one hour, one sample per series per batch as a 1 s shipper sends them):
    /// prints the stored bytes per sample (chunk payload, and the whole file's growth).
    @Test func storedBytesPerSampleForATenSecondSampler() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(0, "hello")])))
        await store.close()
        let path = folder.path + "/" + SQLiteStore.fileName
        let before = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)

        let store2 = try folder.open()
        var random = SeededRandom(seed: 42)
        var ratios = (0..<10).map { _ in Double.random(in: 0.1...0.5, using: &random) }
        var gauges = (0..<10).map { _ in Double(Int.random(in: 100_000...900_000, using: &random) * 4096) }
        var counters = (0..<10).map { _ in Double(Int.random(in: 0...1_000_000_000, using: &random)) }
        for tick in 0..<360 {
            let seconds = Double(tick) * 10 + Double(Int.random(in: -2_000...2_000, using: &random)) / 1e6
            var metrics: [MetricSample] = []
            for i in 0..<10 {
                ratios[i] = min(1, max(0, ratios[i] + Double.random(in: -0.05...0.05, using: &random)))
                if Int.random(in: 0..<4, using: &random) == 0 { gauges[i] += Double(Int.random(in: -64...64, using: &random) * 4096) }
                counters[i] += Double(Int.random(in: 0...200_000, using: &random))
                metrics.append(MetricSample(time: T.s(seconds), name: "cpu.busy", value: ratios[i], unit: "ratio", labels: [LogField("cpu", "\(i)")]))
                metrics.append(MetricSample(time: T.s(seconds), name: "mem.bytes", value: gauges[i], unit: "bytes", labels: [LogField("kind", "\(i)")]))
                metrics.append(MetricSample(time: T.s(seconds), name: "net.bytes", value: counters[i], unit: "bytes", labels: [LogField("if", "eth\(i)")]))
            }
            _ = try await store2.append(batch(identity("i-a"), sequence: UInt64(tick + 2), metrics: metrics, receivedAt: T.s(seconds)))
        }
        let result = try await store2.metricSeries(MetricQuery(scope: .instance("i-a")))
        #expect(result.series.count == 30)
        #expect(result.series.allSatisfy { $0.points.count == 360 })
        #expect(result.stats.chunksDecoded == 30)
        let payload = try await store2.read { db throws(StoreError) -> Int in
            let select = try db.prepare("SELECT sum(length(data)) FROM metric_chunks")
            defer { select.finalize() }
            _ = try select.step()
            return select.int(0)
        }
        await store2.close()
        let after = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let samples = 30 * 360
        let payloadPerSample = Double(payload) / Double(samples)
        let filePerSample = Double(after - before) / Double(samples)
        print("metric storage, 30 series × 360 samples (10 s sampler): chunk payload \(payload) B = "
              + "\((payloadPerSample * 100).rounded() / 100) B/sample; file growth \(after - before) B = "
              + "\((filePerSample * 100).rounded() / 100) B/sample")
        #expect(payloadPerSample < 8)
        #expect(filePerSample < 16)
    }
}
