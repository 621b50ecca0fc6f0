import Foundation
import IILogsCore
import IILogsReports
import IILogsTesting
import Testing

/// `iilogs postmortem` through the real executables: wire batches for three instances of one image →
/// `iilogs-collector` → the report over the HTTP API (Markdown, HTML to a file, JSON) and, after the
/// collector stops, from its data folder.
@Suite(.serialized) struct PostmortemEndToEndTests {
    static let image = "v7"
    static let instances = ["i-pm-1", "i-pm-2", "i-pm-3"]
    static let lastLine = "pm-e2e: app.service: Main process exited, code=killed, status=9/KILL"

    @Test func reportOfAnInstanceComesBackOverHTTPAndOffline() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-postmortem")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // Given three instances of one image, each with 40 info lines, warnings the siblings share and 30 cpu
        // samples over the last 5 minutes; only i-pm-1 runs out of memory and then logs its last line
        let now = Timestamp.now()
        func ago(_ seconds: Int) -> Timestamp { now.adding(nanoseconds: -Int64(seconds) * 1_000_000_000) }
        for (n, id) in Self.instances.enumerated() {
            var records: [LogRecord] = (0..<40).map { k in
                LogRecord(time: ago(290 - 5 * k), severity: .info, app: "app", message: "request handled id=\(k)")
            }
            records += [ago(100), ago(90)].map { LogRecord(time: $0, severity: .warning, app: "app", message: "disk quota exceeded for user 5") }
            if n == 0 {
                records += (0..<3).map { k in
                    LogRecord(time: ago(30 - k), severity: .critical, app: "kernel", message: "Out of memory: Killed process \(4242 + k) (app)")
                }
                records.append(LogRecord(time: ago(20), severity: .error, app: "systemd", message: Self.lastLine))
            }
            records.sort { $0.time < $1.time }
            let cpu: [MetricSample] = (0..<30).map { k in
                MetricSample(time: ago(295 - 10 * k), name: "cpu.busy", value: n == 0 ? 0.9 : 0.1 + 0.05 * Double(n), unit: "ratio")
            }
            let identity = InstanceIdentity(instanceID: id, imageVersion: Self.image, bootID: "b-\(id)", labels: ["zone": "a"])
            let replies = try await WireSender.exchange(
                host: "127.0.0.1", port: collector.agentPort,
                hello: Hello(agentVersion: "e2e", token: "", identity: identity, streamID: 1, lastAckedSequence: 0),
                batches: [Batch(instanceID: id, sequence: 1, logs: LogBlockCodec.encode(records), metrics: cpu)])
            #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: 1))])
        }

        // And the collector's default rules quarantined i-pm-1 for the OOM kill (evaluated after commit)
        let flagged = try await waitFor("the oom-kill flag on i-pm-1", { try await report(["--collector", collector.httpURL]) },
                                        until: { !$0.flags.isEmpty })
        #expect(flagged.flags.map(\.rule) == ["oom-kill"])
        #expect(flagged.flags.first?.action == "quarantine")
        #expect(flagged.flags.first?.evidence.contains { $0.hasSuffix("Out of memory: Killed process 4242 (app)") } == true)

        // When the post-mortem of i-pm-1 is asked for in Markdown
        let md = try await runCLI(["postmortem", "--collector", collector.httpURL, "--instance", "i-pm-1", "--format", "md"])
            .joined(separator: "\n")

        // Then every section is there, with the last line, the OOM template and the siblings
        for heading in ["# Post-mortem: instance `i-pm-1`", "## Identity", "## Timeline", "## Quarantine flags", "## Last lines before the end",
                        "## Error and warning templates", "## Metrics around the end", "## Compared with siblings", "## Notes"] {
            #expect(md.contains(heading), "missing \(heading)")
        }
        #expect(md.contains(Self.lastLine))
        #expect(md.contains("Out of memory: Killed process <NUM> (app)"))
        #expect(md.contains("Compared with 2 other instances"))
        #expect(md.contains("- **oom-kill** → quarantine at") && !md.contains(PostmortemAssembler.flagsUnavailableNote))

        // And --out writes a self-contained HTML file and says where it is
        let html = folder.file("i-pm-1.html")
        let said = try await runCLI(["postmortem", "--collector", collector.httpURL, "--instance", "i-pm-1", "--format", "html", "--out", html])
        #expect(said == ["post-mortem written to \(html)"] || said == ["post-mortem written to \(html)", ""])
        let page = try String(contentsOfFile: html, encoding: .utf8)
        for id in ["identity", "timeline", "flags", "last-lines", "templates", "metrics", "siblings", "notes"] {
            #expect(page.contains("<section id=\"\(id)\">"), "missing #\(id)")
        }
        #expect(page.contains("Main process exited, code=killed") && page.contains("Out of memory: Killed process &lt;NUM&gt; (app)"))

        // And the JSON report has the data: last line last, the OOM template, cpu above the siblings' band
        let remote = try await report(["--collector", collector.httpURL])
        #expect(remote.lastLines.last?.message == Self.lastLine)
        #expect(remote.lastLines.count == 46)
        #expect(remote.templates.templates.first { $0.template == "Out of memory: Killed process <NUM> (app)" }?.count == 3)
        #expect(remote.siblings?.uniqueTemplates.map(\.template).contains("Out of memory: Killed process <NUM> (app)") == true)
        #expect(remote.siblings?.uniqueTemplates.contains { $0.template.hasPrefix("disk quota") } == false)
        let cpu = remote.metrics.first { $0.name == "cpu" }
        #expect(cpu?.points.isEmpty == false)
        #expect(cpu?.points.allSatisfy { abs($0.value - 90) < 1e-6 } == true)
        #expect(remote.siblings?.metricsOutsideRange.first?.metric == "cpu")

        // And after the collector stops, the data folder gives the same sections
        await collector.process.terminateAndWait()
        let offline = try await report(["--data", folder.file("data")])
        #expect(offline.dataSource == "data folder \(folder.file("data"))")
        #expect(offline.identity.instance == remote.identity.instance && offline.identity.boots == remote.identity.boots)
        #expect(offline.lastLines == remote.lastLines)
        #expect(offline.flags == remote.flags)
        #expect(offline.templates.templates.map(\.template) == remote.templates.templates.map(\.template))
        #expect(offline.metrics.map(\.name) == remote.metrics.map(\.name))
        #expect(offline.siblings?.uniqueTemplates == remote.siblings?.uniqueTemplates)
        let offlineMD = try await runCLI(["postmortem", "--data", folder.file("data"), "--instance", "i-pm-1", "--format", "md"])
            .joined(separator: "\n")
        #expect(offlineMD.contains(Self.lastLine) && offlineMD.contains("## Compared with siblings"))

        // And an unknown instance is a clear error, not a crash
        let unknown = try RunningProcess("iilogs", ["postmortem", "--data", folder.file("data"), "--instance", "i-nope"])
        #expect(try await unknown.waitForExit(timeout: .seconds(30)) == 1)
    }

    private func report(_ source: [String]) async throws -> PostmortemReport {
        let lines = try await runCLI(["postmortem"] + source + ["--instance", "i-pm-1", "--format", "json"])
        return try PostmortemJSON.decodeInstanceReport(Data(lines.joined(separator: "\n").utf8))
    }
}
