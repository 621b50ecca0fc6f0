import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// The agent executable samples a fixture /proc (`--metrics-root`) and ships the samples; the collector
/// executable stores them and `iilogs metrics` returns exactly the values the fixture implies.
@Suite(.serialized) struct AgentMetricsEndToEndTests {
    @Test func fixtureSamplesTravelFromTheAgentToTheCLI() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-agent-metrics")
        defer { folder.remove() }
        // Given a /proc with known memory and load figures,
        let root = folder.file("host")
        try FileManager.default.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        try """
            MemTotal:        2048000 kB
            MemFree:          512000 kB
            MemAvailable:    1024000 kB
            Buffers:           10000 kB
            Cached:           300000 kB
            SwapTotal:        100000 kB
            SwapFree:          75000 kB

            """.write(toFile: root + "/proc/meminfo", atomically: true, encoding: .utf8)
        try "0.42 0.30 0.25 2/345 6789\n".write(toFile: root + "/proc/loadavg", atomically: true, encoding: .utf8)
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // when an agent samples it every second,
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-agent-metrics", image: "v-m", folder: folder,
                                   extra: ["--metrics-root", root, "--metrics-interval", "1s"])
        defer { agent.signal(SIGKILL) }
        let available = try await waitFor("mem.available_bytes samples", {
            try await metrics(collector, name: "mem.available_bytes")
        }, until: { ($0.first?.points.count ?? 0) >= 2 })

        // then the stored values are the fixture's, kB turned into bytes, sample after sample.
        #expect(available.count == 1)
        #expect(available.first?.unit == "bytes")
        let values = available.first?.points.map(\.value) ?? []
        #expect(values.count >= 2 && values.allSatisfy { $0 == 1_048_576_000 }, "\(values)")
        #expect(try await metrics(collector, name: "mem.total_bytes").first?.points.first?.value == 2_048_000 * 1024)
        #expect(try await metrics(collector, name: "mem.swap_used_bytes").first?.points.first?.value == 25_000 * 1024)
        #expect(try await metrics(collector, name: "load.1m").first?.points.first?.value == 0.42)
        let names = try await runCLI(["metrics", "--collector", collector.httpURL, "--instance", "i-agent-metrics", "--names"])
        #expect(names.contains { $0.hasPrefix("agent.records_read") }, "the agent's own counters travel too: \(names)")
        await agent.terminateAndWait()
    }

    private func metrics(_ collector: CollectorUnderTest, name: String) async throws -> [APIMetricSeries] {
        let lines = try await runCLI(["metrics", "--collector", collector.httpURL, "--instance", "i-agent-metrics", "--name", name,
                                      "--since", "1h", "--output", "jsonl"])
        return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APIMetricSeries.self, from: Data($0.utf8)) }
    }
}
