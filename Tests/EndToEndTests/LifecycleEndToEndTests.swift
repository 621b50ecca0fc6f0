import Foundation
import IILogsCore
import IILogsReports
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

        // The timeline tells the same story: running, then lost after the grace period, and the end.
        let story = try await timeline(collector, instance: "i-vanish")
        #expect(story.state == "lost")
        #expect(story.entries.filter { $0.kind == "state" }.map(\.to).last == "lost")
        #expect(story.entries.last?.kind == "end")
        #expect(story.entries.contains { $0.kind == "event" && $0.name == "agent-start" && $0.source == "agent" })
    }

    @Test func deployersTerminatedEventClosesTheTimeline() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-deployer")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: ["--lost-after", "2s"])
        defer { collector.process.signal(SIGKILL) }
        let deployer = CollectorClient(endpoint: try HTTPEndpoint(parsing: collector.httpURL))

        // The deployer announces the instance before its agent ever connects.
        let launchedAt = RFC3339.format(Timestamp.now())
        let launched = try await deployer.postEvents([APIDeployerEvent(instance: "i-deployed", image: "v7", event: "launched",
                                                                       time: launchedAt, detail: "asg scale-out", id: "launch-1")])
        #expect(launched.results.map(\.status) == ["created"])
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-deployed", image: "v7", folder: folder)
        _ = try await agent.waitForLine(containing: "agent started")
        _ = try await waitFor("i-deployed heartbeats", { try await timeline(collector, instance: "i-deployed") },
                              until: { $0.heartbeats >= 2 })

        // The instance is killed without a word from its agent; the deployer says it terminated it.
        agent.signal(SIGKILL)
        _ = try await agent.waitForExit()
        let terminated = APIDeployerEvent(instance: "i-deployed", image: "v7", event: "terminated", time: RFC3339.format(Timestamp.now()),
                                          id: "terminate-1")
        #expect(try await deployer.postEvents([terminated]).created == 1)
        #expect(try await deployer.postEvents([terminated]).duplicates == 1, "a retried post is a duplicate")

        // Past the 2s grace it is terminated, not lost, and the story ends with the deployer's event.
        try await Task.sleep(for: .seconds(3))
        let story = try await timeline(collector, instance: "i-deployed")
        #expect(story.state == "terminated")
        let events = story.entries.filter { $0.kind == "event" }
        #expect(events.first?.name == "launched")
        #expect(events.first?.source == "deployer")
        #expect(events.last?.name == "terminated")
        #expect(events.contains { $0.name == "agent-start" && $0.source == "agent" })
        #expect(story.entries.last?.kind == "end")
        #expect(story.entries.last?.detail == "terminated by the deployer")
        let instances = try await runCLI(["instances", "--collector", collector.httpURL, "--output", "jsonl"])
        let listed = try instances.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APIInstance.self, from: Data($0.utf8)) }
        #expect(listed.map(\.state) == ["terminated"])
        let images = try await runCLI(["images", "--collector", collector.httpURL, "--output", "jsonl"])
        let image = try JSONDecoder().decode(APIImage.self, from: Data(images.joined().utf8))
        #expect(image.image == "v7")
        #expect(image.states == ["terminated": 1])
        let text = try await runCLI(["timeline", "--instance", "i-deployed", "--collector", collector.httpURL])
        #expect(text.first == "instance i-deployed  image v7  state terminated")
        #expect(text.last?.contains("terminated by the deployer") == true)
        // Offline, from the data folder, the story is the same (judged with the collector's grace: with the CLI's
        // default 60s a slow agent start after `launched` is not a lost spell offline but is one online).
        let offline = try await runCLI(["timeline", "--instance", "i-deployed", "--data", folder.file("data"), "--lost-after", "2s",
                                        "--output", "json"])
        let offlineStory = try JSONDecoder().decode(APITimeline.self, from: Data(offline.joined(separator: "\n").utf8))
        #expect(offlineStory.state == "terminated")
        #expect(offlineStory.entries.map(\.name) == story.entries.map(\.name))
    }

    @Test func anInstanceThatRebootedShowsTwoBoots() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-reboot")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let bootFile = folder.file("boot_id")
        try Data("boot-before\n".utf8).write(to: URL(fileURLWithPath: bootFile))
        var agent = try startAgent(collector: collector.agentAddress, instance: "i-reboot", image: "v1", folder: folder,
                                   extra: ["--boot-id-file", bootFile])
        defer { agent.signal(SIGKILL) }  // whichever agent runs when the test ends, also when it fails early
        _ = try await agent.waitForLine(containing: "agent started")
        _ = try await waitFor("the first boot", { try await timelineOnceKnown(collector, instance: "i-reboot") },
                              until: { ($0?.heartbeats ?? 0) >= 1 })

        // The machine reboots: the agent stops cleanly, the kernel has a new boot ID, the agent starts again on the same spool.
        agent.signal(SIGTERM)
        #expect(try await agent.waitForExit(timeout: .seconds(30)) == 0)
        try Data("boot-after\n".utf8).write(to: URL(fileURLWithPath: bootFile))
        agent = try startAgent(collector: collector.agentAddress, instance: "i-reboot", image: "v1", folder: folder,
                               extra: ["--boot-id-file", bootFile])
        _ = try await agent.waitForLine(containing: "agent started")

        let story = try #require(await waitFor("two boots", { try await timelineOnceKnown(collector, instance: "i-reboot") },
                                               until: { $0?.boots.count == 2 && $0?.state == "running" }))
        #expect(story.boots.map(\.boot) == ["boot-before", "boot-after"])
        #expect(story.boots.allSatisfy { $0.uptimeSeconds != nil })
        #expect(story.entries.filter { $0.kind == "reboot" }.map(\.boot) == ["boot-after"])
        #expect(story.entries.filter { $0.kind == "event" && $0.name == "boot" }.map(\.boot) == ["boot-before", "boot-after"])
        let states = story.entries.filter { $0.kind == "state" }.compactMap(\.to)
        #expect(states.suffix(2) == ["terminated", "running"], "\(states)")
        #expect(story.state == "running")
    }
}

/// `iilogs timeline --output json` for one instance.
func timeline(_ collector: CollectorUnderTest, instance: String) async throws -> APITimeline {
    try #require(await timelineOnceKnown(collector, instance: instance), "the collector knows no instance \(instance)")
}

/// ``timeline(_:instance:)``, or nil while the collector has stored nothing of the instance yet (the CLI
/// then exits 1 saying so): for polling right after an agent started.
func timelineOnceKnown(_ collector: CollectorUnderTest, instance: String) async throws -> APITimeline? {
    let cli = try RunningProcess("iilogs", ["timeline", "--instance", instance, "--collector", collector.httpURL, "--output", "json"])
    let status = try await cli.waitForExit(timeout: .seconds(30))
    if status != 0, cli.stderrLines.joined().contains("no instance \(instance) is known") { return nil }
    try #require(status == 0, "iilogs timeline exited \(status)\n\(cli.transcript)")
    return try JSONDecoder().decode(APITimeline.self, from: Data(cli.stdoutLines.joined(separator: "\n").utf8))
}
