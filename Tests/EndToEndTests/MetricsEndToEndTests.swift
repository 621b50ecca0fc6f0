import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// Metric samples through the real executables: wire batch → `iilogs-collector` → SQLite chunks → `iilogs metrics`,
/// over the collector's HTTP API and, after it stops, from its data folder.
@Suite(.serialized) struct MetricsEndToEndTests {
    @Test func samplesSentOverTCPComeBackThroughTheCLI() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-metrics")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // Given an instance that ships 90 cpu samples 10 s apart over the last 15 minutes, in three batches
        let now = Timestamp.now().nanosecondsSinceEpoch
        let start = now - now % 300_000_000_000 - 15 * 60_000_000_000  // on a 5-minute boundary
        let values: [Double] = (0..<90).map { (n: Int) -> Double in Double(n % 7) / 8 + 0.01 * Double(n) }
        let samples: [MetricSample] = values.enumerated().map { i, v in
            MetricSample(time: Timestamp(nanosecondsSinceEpoch: start + Int64(i) * 10_000_000_000), name: "cpu.busy", value: v,
                         unit: "ratio", labels: [LogField("cpu", "0")])
        }
        let identity = InstanceIdentity(instanceID: "i-e2e-metrics", imageVersion: "v5", bootID: "b-1")
        var batches: [Batch] = []
        for n in 0..<3 {
            let part: [MetricSample] = Array(samples[(n * 30)..<(n * 30 + 30)])
            batches.append(Batch(instanceID: identity.instanceID, sequence: UInt64(n + 1), logs: nil, metrics: part))
        }
        let replies = try await WireSender.exchange(host: "127.0.0.1", port: collector.agentPort,
                                                    hello: Hello(agentVersion: "e2e", token: "", identity: identity, streamID: 1,
                                                                 lastAckedSequence: 0),
                                                    batches: batches)
        #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: 1)), .ack(Ack(sequence: 2)), .ack(Ack(sequence: 3))])

        // Then `iilogs metrics` prints exactly those values, raw and per minute
        let raw = try await metrics(["--collector", collector.httpURL, "--instance", identity.instanceID, "--name", "cpu.busy"])
        #expect(raw.count == 1)
        #expect(raw.first?.labels == ["cpu": "0"] && raw.first?.unit == "ratio")
        #expect(raw.first?.points.compactMap(\.value) == values)
        let perMinute = try await metrics(["--collector", collector.httpURL, "--instance", identity.instanceID, "--step", "1m", "--agg", "max"])
        #expect(perMinute.first?.points.compactMap(\.value) == stride(from: 0, to: 90, by: 6).map { values[$0..<($0 + 6)].max() ?? -1 })
        let text = try await runCLI(["metrics", "--collector", collector.httpURL, "--instance", identity.instanceID, "--step", "5m"])
        #expect(text.first == "cpu.busy{cpu=0} ratio  i-e2e-metrics v5")
        #expect(text.dropFirst().first?.hasPrefix("TIME") == true, "no sparkline when stdout is not a terminal")
        #expect(text.filter { $0.hasPrefix("20") }.count == 3)
        let names = try await runCLI(["metrics", "--collector", collector.httpURL, "--instance", identity.instanceID, "--names"])
        #expect(names.dropFirst().first?.hasPrefix("cpu.busy  ratio  1       90") == true, "\(names)")

        // And after the collector stops, the same answer comes from its data folder
        await collector.process.terminateAndWait()
        let offline = try await metrics(["--data", folder.file("data"), "--instance", identity.instanceID, "--name", "cpu.*"])
        #expect(offline.first?.points.compactMap(\.value) == values)
    }

    private func metrics(_ arguments: [String]) async throws -> [APIMetricSeries] {
        let lines = try await runCLI(["metrics"] + arguments + ["--since", "1h", "--output", "jsonl"])
        return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APIMetricSeries.self, from: Data($0.utf8)) }
    }
}
