import Foundation
import IILogsCore
import IILogsReports
import IILogsTesting
import Testing

/// The agent polls a fake metadata endpoint on loopback; a spot-interruption notice records
/// `terminating` with the notice, flushes, and the agent keeps running until the real SIGTERM.
@Suite(.serialized) struct InterruptionNoticeEndToEndTests {
    @Test func awsSpotNoticeRecordsTerminatingAndFlushesTheLinesBeforeIt() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-spot")
        defer { folder.remove() }
        let metadata = try await FakeMetadataServer.start()
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let log = folder.file("app.log")
        // A long flush interval: only the notice's own flush can ship the lines in time.
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-spot", image: "v1", folder: folder,
                                   extra: ["--tail", log, "--flush-interval", "60s", "--interruption-notice-url", metadata.awsURL,
                                           "--interruption-poll-interval", "200ms"])
        defer { agent.signal(SIGKILL) }
        _ = try await agent.waitForLine(containing: "agent started")

        // Given lines written and read by the tail, but not yet cut into a batch,
        try appendLines((0..<50).map { "before the notice i-spot seq=\($0)" }, to: log)
        try await Task.sleep(for: .milliseconds(600))  // a few tail polls
        #expect(agent.isRunning)

        // when the cloud announces the interruption,
        metadata.setAWSNotice(action: "terminate", time: "2026-11-23T17:02:00Z")
        let report = try await agent.waitForLine(containing: "interruption notice: terminating recorded", timeout: .seconds(20))
        #expect(report.contains("final sequence acknowledged"), "\(agent.transcript)")

        // then the lines before the notice are stored, the timeline shows `terminating` with the notice,
        let lines = try await queryAll(collector, instance: "i-spot")
        #expect(sequenceNumbers(lines, prefix: "i-spot") == Array(0..<50))
        let story = try await timeline(collector, instance: "i-spot")
        let terminating = story.entries.filter { $0.kind == "event" && $0.name == "terminating" }
        #expect(terminating.map(\.detail) == ["aws spot interruption notice: action=terminate time=2026-11-23T17:02:00Z"], "\(story.entries)")
        #expect(story.state == "terminating")
        // the token was used (IMDSv2) and the agent is still running, polling, until the real SIGTERM.
        #expect(metadata.requests.first == "PUT /latest/api/token")
        #expect(agent.isRunning)
        agent.signal(SIGTERM)
        #expect(try await agent.waitForExit(timeout: .seconds(30)) == 0, "\(agent.transcript)")
        let names = try await timeline(collector, instance: "i-spot").entries.filter { $0.kind == "event" }.map(\.name)
        #expect(names.suffix(2) == ["terminating", "shutdown"], "\(names)")
        #expect(agent.transcript.components(separatedBy: "interruption notice received").count == 2, "one notice, handled once")
        await metadata.stop()
    }
}
