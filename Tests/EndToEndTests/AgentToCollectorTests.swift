import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// The spine through the real executables over loopback TCP: agent → collector → store → `iilogs query`.
@Suite(.serialized) struct AgentToCollectorTests {
    @Test func threeAgentsTailFilesAndSyslogEveryLineExactlyOnceInOrder() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-three")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // Given three instances of two images, each tailing a file that already has lines before the agent starts.
        let identities = [("i-e2e-a", "v1"), ("i-e2e-b", "v1"), ("i-e2e-c", "v2")]
        var agents: [RunningProcess] = []
        defer { for agent in agents { agent.signal(SIGKILL) } }
        let udpPort = try freeUDPPort()
        for (index, (instance, image)) in identities.enumerated() {
            let log = folder.file("\(instance).log")
            try appendLines((0..<20).map { "early \(instance) seq=\($0)" }, to: log)
            var extra = ["--tail", log]
            extra += index == 2 ? ["--syslog-udp", "127.0.0.1:\(udpPort)"] : ["--syslog-socket", folder.file("\(instance).sock")]
            agents.append(try startAgent(collector: collector.agentAddress, instance: instance, image: image, folder: folder, extra: extra))
        }
        for agent in agents { _ = try await agent.waitForLine(containing: "agent started") }
        try await waitForFile(folder.file("i-e2e-a.sock"))
        try await waitForFile(folder.file("i-e2e-b.sock"))

        // When they write more lines over time and receive syslog messages.
        for round in 0..<5 {
            for (instance, _) in identities {
                try appendLines((0..<40).map { "late \(instance) seq=\(20 + round * 40 + $0)" }, to: folder.file("\(instance).log"))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        // UDP has no connection to wait for: once i-e2e-c ships its file, its sources are all up.
        _ = try await waitFor("i-e2e-c shipping", { try await queryAll(collector, instance: "i-e2e-c") }, until: { $0.count >= 20 })
        for n in 0..<10 {
            try SyslogSender.sendUnixDatagram(path: folder.file("i-e2e-a.sock"),
                                              "<11>1 2026-11-23T09:00:0\(n).000Z host-a billing 42 - - syslog-a n=\(n)")
            try SyslogSender.sendUnixDatagram(path: folder.file("i-e2e-b.sock"), "<14>Nov 23 09:00:0\(n) host-b cron[7]: syslog-b n=\(n)")
            try SyslogSender.sendUDP(host: "127.0.0.1", port: udpPort, "<12>1 2026-11-23T09:00:0\(n).000Z host-c web - - - syslog-c n=\(n)")
        }

        // Then every line is found exactly once, file lines in the order written, with the right identity.
        for (instance, image) in identities {
            let lines = try await waitFor("all lines of \(instance)", { try await queryAll(collector, instance: instance) },
                                          until: { $0.count >= 230 })
            let fileSeqs = sequenceNumbers(lines, prefix: instance)
            #expect(fileSeqs == Array(0..<220), "file lines of \(instance) lost, repeated or out of order")
            let syslogLines = lines.filter { $0.message.hasPrefix("syslog-") }
            #expect(syslogLines.count == 10, "syslog lines of \(instance)")
            #expect(Set(syslogLines.map(\.message)).count == 10)
            #expect(lines.count == 230)
            #expect(lines.allSatisfy { $0.instance == instance && $0.image == image })
        }
        let billing = try await queryAll(collector, instance: "i-e2e-a", extra: ["--app", "billing"])
        #expect(billing.count == 10)
        #expect(billing.allSatisfy { $0.severity == "err" })
        let warnings = try await queryAll(collector, instance: "i-e2e-c", extra: ["--severity", "warning"])
        #expect(warnings.count == 10, "<12> is user.warning")
        let cron = try await queryAll(collector, instance: "i-e2e-b", extra: ["--grep", "syslog-b n=3"])
        #expect(cron.map(\.message) == ["syslog-b n=3"])
    }

    @Test func agentKilledAndRestartedLosesAndRepeatsNothing() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-agent-kill")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let log = folder.file("app.log")
        var agent = try startAgent(collector: collector.agentAddress, instance: "i-kill", image: "v1", folder: folder, extra: ["--tail", log])
        _ = try await agent.waitForLine(containing: "agent started")

        // Lines keep arriving while the agent is killed mid-stream and restarted with the same spool.
        var written = 0
        for round in 0..<30 {
            try appendLines((0..<50).map { "line i-kill seq=\(written + $0)" }, to: log)
            written += 50
            try await Task.sleep(for: .milliseconds(30))
            if round == 10 || round == 20 {
                agent.signal(SIGKILL)
                _ = try await agent.waitForExit()
                agent = try startAgent(collector: collector.agentAddress, instance: "i-kill", image: "v1", folder: folder, extra: ["--tail", log])
            }
        }
        defer { agent.signal(SIGKILL) }

        let lines = try await waitFor("all \(written) lines", { try await queryAll(collector, instance: "i-kill") },
                                      until: { $0.count >= written })
        #expect(sequenceNumbers(lines, prefix: "i-kill") == Array(0..<written))
    }

    @Test func collectorKilledAndRestartedAgentsCatchUpFromTheirSpools() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-collector-kill")
        defer { folder.remove() }
        var collector = try await CollectorUnderTest.start(data: folder.file("data"))
        let log = folder.file("app.log")
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-ckill", image: "v1", folder: folder, extra: ["--tail", log])
        defer { agent.signal(SIGKILL) }
        _ = try await agent.waitForLine(containing: "agent started")

        var written = 0
        for round in 0..<30 {
            try appendLines((0..<50).map { "line i-ckill seq=\(written + $0)" }, to: log)
            written += 50
            try await Task.sleep(for: .milliseconds(30))
            if round == 12 {
                // SIGKILL mid-stream; lines written while it is down wait in the agent's spool.
                collector.process.signal(SIGKILL)
                _ = try await collector.process.waitForExit()
            }
            if round == 20 {
                collector = try await CollectorUnderTest.start(data: folder.file("data"), listen: collector.agentAddress,
                                                               http: "127.0.0.1:\(collector.httpPort)")
            }
        }
        defer { collector.process.signal(SIGKILL) }

        let lines = try await waitFor("all \(written) lines after the restart", { try await queryAll(collector, instance: "i-ckill") },
                                      until: { $0.count >= written })
        #expect(sequenceNumbers(lines, prefix: "i-ckill") == Array(0..<written),
                "agent:\n\(agent.transcript)\ncollector:\n\(collector.process.transcript)")
    }
}
