import Foundation
import IILogsCore
import IILogsTesting
import Testing

@Suite(.serialized) struct LifecycleEndToEndTests {
    @Test func sigtermLeavesTerminatingAndTheLastLines() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-sigterm")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let log = folder.file("app.log")
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-term", image: "v1", folder: folder, extra: ["--tail", log])
        _ = try await agent.waitForLine(containing: "agent started")

        // The last words are written just before the stop signal.
        try appendLines((0..<100).map { "last words i-term seq=\($0)" }, to: log)
        try await Task.sleep(for: .milliseconds(400))  // one tail poll; the flush is the agent's job
        agent.signal(SIGTERM)
        let status = try await agent.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "\(agent.transcript)")

        let lines = try await queryAll(collector, instance: "i-term")
        #expect(sequenceNumbers(lines, prefix: "i-term") == Array(0..<100))
        let detail = try await runCLI(["instances", "i-term", "--collector", collector.httpURL, "--output", "json"])
        let instance = try JSONDecoder().decode(APIInstance.self, from: Data(detail.joined(separator: "\n").utf8))
        let names = instance.events?.map(\.name) ?? []
        #expect(names.contains("terminating"))
        #expect(names.contains("agent-start"))
        #expect(["terminating", "terminated"].contains(instance.state))
    }

    @Test func vanishedAgentIsShownAsLost() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-lost")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: ["--lost-after", "3s"])
        defer { collector.process.signal(SIGKILL) }
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-vanish", image: "v1", folder: folder)
        _ = try await agent.waitForLine(containing: "agent started")
        let running = try await waitFor("i-vanish running", {
            try await runCLI(["instances", "--collector", collector.httpURL, "--state", "running", "--output", "jsonl"])
        }, until: { $0.contains { $0.contains("\"i-vanish\"") } })
        #expect(running.contains { $0.contains("\"i-vanish\"") })

        agent.signal(SIGKILL)  // no terminating event: the instance vanished
        _ = try await agent.waitForExit()
        let lost = try await waitFor("i-vanish lost", {
            try await runCLI(["instances", "--collector", collector.httpURL, "--state", "lost", "--output", "jsonl"])
        }, until: { $0.contains { $0.contains("\"i-vanish\"") } })
        #expect(lost.contains { $0.contains("\"i-vanish\"") })
    }
}
