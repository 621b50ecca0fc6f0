import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// Several collectors on one PostgreSQL database (docs/SCALING.md): agents spread over two collectors through a
/// TCP load balancer, one collector SIGKILLed mid-stream, its agents reconnect to the other, and every line is
/// found exactly once through either collector's API.
@Suite(.serialized) struct CollectorsOnPostgresTests {
    @Test func aCollectorKilledMidStreamLosesAndRepeatsNothing() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-two-collectors")
        defer { folder.remove() }
        let database = try TestPostgres.shared.createDatabase(prefix: "iilogs_e2e")
        defer { TestPostgres.shared.dropDatabase(database) }

        // Given two collectors on one database, behind a load balancer that spreads connections over both
        let a = try await CollectorUnderTest.start(data: folder.file("data-a"), extra: ["--store", database])
        defer { a.process.signal(SIGKILL) }
        let b = try await CollectorUnderTest.start(data: folder.file("data-b"), extra: ["--store", database])
        defer { b.process.signal(SIGKILL) }
        let balancer = try RunningProcess("/usr/bin/env", ["python3", "-c", Self.balancer, String(a.agentPort), String(b.agentPort)])
        defer { balancer.signal(SIGKILL) }
        let portLine = try await balancer.waitForLine(containing: "balancer port ")
        let port = try #require(portLine.split(separator: " ").last.map(String.init))

        // And four agents tailing files, connected through it
        let instances = (0..<4).map { "i-pair-\($0)" }
        var agents: [RunningProcess] = []
        defer { for agent in agents { agent.signal(SIGKILL) } }
        for instance in instances {
            agents.append(try startAgent(collector: "127.0.0.1:\(port)", instance: instance, image: "v1", folder: folder,
                                         extra: ["--tail", folder.file("\(instance).log")]))
        }
        for agent in agents { _ = try await agent.waitForLine(containing: "agent started") }
        var written = 0
        func writeRound() throws {
            for instance in instances {
                try appendLines((0..<50).map { "line \(instance) seq=\(written + $0)" }, to: folder.file("\(instance).log"))
            }
            written += 50
        }
        for _ in 0..<4 {
            try writeRound()
            try await Task.sleep(for: .milliseconds(100))
        }
        // Both collectors serve agents before the kill, and B already sees lines that A stored
        _ = try await waitFor("lines of every instance", { try await Self.counts(b, instances) }, until: { $0.allSatisfy { $0 > 0 } })
        let connectionsA = try Self.connections(a), connectionsB = try Self.connections(b)
        #expect(connectionsA >= 1 && connectionsB >= 1, "agents spread over both collectors: A \(connectionsA), B \(connectionsB)")

        // When collector A is SIGKILLed mid-stream while lines keep coming
        try writeRound()
        a.process.signal(SIGKILL)
        _ = try await a.process.waitForExit()
        for _ in 0..<4 {
            try writeRound()
            try await Task.sleep(for: .milliseconds(150))
        }

        // Then every line is stored exactly once, in order, as B answers
        for instance in instances {
            let lines = try await waitFor("all lines of \(instance) through B", timeout: .seconds(90), { try await queryAll(b, instance: instance) },
                                          until: { $0.count >= written })
            #expect(sequenceNumbers(lines, prefix: "line \(instance)") == Array(0..<written), "\(instance) through B")
        }
        // And a collector started afterwards on the same database answers the same
        let c = try await CollectorUnderTest.start(data: folder.file("data-c"), extra: ["--store", database])
        defer { c.process.signal(SIGKILL) }
        for instance in instances {
            let lines = try await queryAll(c, instance: instance)
            #expect(sequenceNumbers(lines, prefix: "line \(instance)") == Array(0..<written), "\(instance) through C")
        }
    }

    /// An agent that moves from collector A to collector B (both up, one database) is not called lost by A, whose
    /// engine sees it go silent: the registry says B heard it last. When the agent dies, exactly one flag is raised.
    @Test func anAgentThatMovesIsCalledLostOnlyWhenItDiesAndOnlyOnce() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-takeover")
        defer { folder.remove() }
        let database = try TestPostgres.shared.createDatabase(prefix: "iilogs_e2e")
        defer { TestPostgres.shared.dropDatabase(database) }
        let rules = folder.file("rules.yaml")
        try "rules:\n  - name: instance-lost\n    kind: heartbeat_missing\n    action: quarantine\n    after: 6s\n"
            .write(toFile: rules, atomically: true, encoding: .utf8)
        let options = ["--store", database, "--rules", rules, "--rules-tick-interval", "500ms"]

        // Given two collectors on one database and an agent (heartbeat every 1 s) that talks to A
        let a = try await CollectorUnderTest.start(data: folder.file("data-a"), extra: options)
        defer { a.process.signal(SIGKILL) }
        let b = try await CollectorUnderTest.start(data: folder.file("data-b"), extra: options)
        defer { b.process.signal(SIGKILL) }
        let log = folder.file("app.log")
        var agent = try startAgent(collector: a.agentAddress, instance: "i-mover", image: "v1", folder: folder, extra: ["--tail", log])
        defer { agent.signal(SIGKILL) }
        _ = try await agent.waitForLine(containing: "agent started")
        try appendLines(["before the move"], to: log)
        _ = try await waitFor("the first line through A", { try await queryAll(a, instance: "i-mover") }, until: { $0.count == 1 })

        // When it moves to B (restarted on the same spool, as after a reconnect through a load balancer) and keeps
        // talking there for twice the rule's limit, while A stays up
        agent.signal(SIGKILL)
        _ = try await agent.waitForExit()
        agent = try startAgent(collector: b.agentAddress, instance: "i-mover", image: "v1", folder: folder, extra: ["--tail", log])
        _ = try await agent.waitForLine(containing: "agent started")
        try appendLines(["after the move"], to: log)
        _ = try await waitFor("the second line through B", { try await queryAll(b, instance: "i-mover") }, until: { $0.count == 2 })
        try await Task.sleep(for: .seconds(12))

        // Then nobody called it lost, and A says it left the instance to B
        #expect(try await Self.quarantineFlags(b).isEmpty, "no flag while the agent talks to B")
        #expect(try Self.metric("iilogs_rules_handed_over_total", of: a) == 1)

        // When the agent dies (no terminating event)
        agent.signal(SIGKILL)
        _ = try await agent.waitForExit()

        // Then it is flagged lost, exactly once, though both collectors watch the database
        let flags = try await waitFor("the instance-lost flag", timeout: .seconds(30), { try await Self.quarantineFlags(a) }, until: { !$0.isEmpty })
        try await Task.sleep(for: .seconds(8))
        let settled = try await Self.quarantineFlags(a)
        #expect(settled.map(\.rule) == ["instance-lost"] && settled.map(\.instance) == ["i-mover"], "first seen: \(flags), then: \(settled)")
        #expect(try Self.metric("iilogs_rules_flags_total", of: a) == 0)
        #expect(try Self.metric("iilogs_rules_flags_total", of: b) == 1)
    }

    /// Open quarantine flags of the shared database, through `iilogs quarantine list`.
    static func quarantineFlags(_ collector: CollectorUnderTest) async throws -> [APIFlag] {
        let lines = try await runCLI(["quarantine", "list", "--collector", collector.httpURL, "--output", "json"])
        return try JSONDecoder().decode([APIFlag].self, from: Data(lines.joined(separator: "\n").utf8))
    }

    /// One unlabelled sample of the collector's `/metrics`.
    static func metric(_ name: String, of collector: CollectorUnderTest) throws -> Int {
        let request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        let reply = String(decoding: try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.httpPort, send: Array(request.utf8)),
                           as: UTF8.self)
        let sample = reply.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return try #require(sample.flatMap { Int($0.split(separator: " ").last ?? "") }, "no \(name) in /metrics")
    }

    /// Agent connections the collector holds now (`GET /v1/stats`).
    static func connections(_ collector: CollectorUnderTest) throws -> Int {
        let request = "GET /v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        let reply = String(decoding: try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.httpPort, send: Array(request.utf8)),
                           as: UTF8.self)
        guard let body = reply.range(of: "\r\n\r\n").map({ String(reply[$0.upperBound...]) }),
              let stats = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let counters = stats["counters"] as? [String: Any] else { return -1 }
        return counters["connectionsCurrent"] as? Int ?? -1
    }

    static func counts(_ collector: CollectorUnderTest, _ instances: [String]) async throws -> [Int] {
        var counts: [Int] = []
        for instance in instances { counts.append(try await queryAll(collector, instance: instance).count) }
        return counts
    }

    /// A TCP load balancer on 127.0.0.1 port 0: connections go round-robin to the backend ports given as arguments,
    /// skipping a backend that refuses; a closed backend connection closes the client's.
    static let balancer = """
        import socket, sys, threading
        backends = [("127.0.0.1", int(p)) for p in sys.argv[1:]]
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(256)
        print("balancer port", listener.getsockname()[1], flush=True)
        def pipe(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        def handle(client, n):
            for i in range(len(backends)):
                try:
                    backend = socket.create_connection(backends[(n + i) % len(backends)], timeout=2)
                    backend.settimeout(None)
                    break
                except OSError:
                    continue
            else:
                client.close()
                return
            threading.Thread(target=pipe, args=(client, backend), daemon=True).start()
            threading.Thread(target=pipe, args=(backend, client), daemon=True).start()
        n = 0
        while True:
            client, _ = listener.accept()
            threading.Thread(target=handle, args=(client, n), daemon=True).start()
            n += 1
        """
}
