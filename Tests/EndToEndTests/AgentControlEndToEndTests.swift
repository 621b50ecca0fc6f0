import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// `iilogs-agent event` and `iilogs-agent flush`, as provisioning scripts and termination hooks call them.
@Suite(.serialized) struct AgentControlEndToEndTests {
    @Test func flushReturnsOnlyOnceEverythingIsAcknowledged() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-flush")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        // A long flush interval, so only the explicit flush can explain the lines being there in time.
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-flush", image: "v1", folder: folder,
                                   extra: ["--syslog-socket", folder.file("log.sock"), "--flush-interval", "30s"])
        defer { agent.signal(SIGKILL) }
        _ = try await agent.waitForLine(containing: "agent started")
        try await waitForFile(folder.file("log.sock"))
        for n in 0..<50 { try SyslogSender.sendUnixDatagram(path: folder.file("log.sock"), "<13>Nov 23 09:00:00 h app: final words n=\(n)") }
        try await Task.sleep(for: .milliseconds(300))  // the datagrams reach the agent's buffer

        let event = try RunningProcess("iilogs-agent", ["event", "ready", "--spool", folder.file("spool-i-flush")])
        #expect(try await event.waitForExit() == 0, "\(event.transcript)")
        let flush = try RunningProcess("iilogs-agent", ["flush", "--timeout", "20s", "--spool", folder.file("spool-i-flush")])
        #expect(try await flush.waitForExit(timeout: .seconds(30)) == 0, "\(flush.transcript)")

        // Once flush has returned, the lines and the event are in the store: no waiting.
        let lines = try await queryAll(collector, instance: "i-flush")
        #expect(lines.count == 50)
        let detail = try await runCLI(["instances", "i-flush", "--collector", collector.httpURL, "--output", "json"])
        let instance = try JSONDecoder().decode(APIInstance.self, from: Data(detail.joined(separator: "\n").utf8))
        #expect(instance.events?.contains { $0.name == "ready" } == true)
    }

    @Test func flushFailsWhenTheCollectorCannotAcknowledge() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-flush-down")
        defer { folder.remove() }
        // Nothing listens on this port: the agent spools and retries, and flush must say it could not finish.
        let agent = try startAgent(collector: "127.0.0.1:9", instance: "i-down", image: "v1", folder: folder,
                                   extra: ["--syslog-socket", folder.file("log.sock")])
        defer { agent.signal(SIGKILL) }
        _ = try await agent.waitForLine(containing: "agent started")
        try await waitForFile(folder.file("log.sock"))
        try SyslogSender.sendUnixDatagram(path: folder.file("log.sock"), "<13>Nov 23 09:00:00 h app: unheard")
        let flush = try RunningProcess("iilogs-agent", ["flush", "--timeout", "2s", "--spool", folder.file("spool-i-down")])
        let status = try await flush.waitForExit(timeout: .seconds(15))
        #expect(status != 0)
        #expect(flush.stderrLines.joined().contains("not yet acknowledged") || flush.stdoutLines.joined().contains("not yet acknowledged"),
                "\(flush.transcript)")
    }
}
