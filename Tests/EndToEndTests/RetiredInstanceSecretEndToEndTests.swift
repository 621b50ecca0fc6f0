import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// The end of a secret rotation through the real executables: once the collector runs with the new instance
/// secret only, an agent still holding a token of the retired secret is refused (`bad_token`, a message that
/// says so without naming any secret) while an agent with a new-secret token ships on, and the refused agent
/// loses nothing: its lines wait in its spool and arrive, once each, when it restarts with a new token.
@Suite(.serialized) struct RetiredInstanceSecretEndToEndTests {
    @Test func aTokenOfARetiredSecretIsRefusedItsLinesWaitAndOthersShipOn() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-retired-secret")
        defer { folder.remove() }
        let oldSecret = folder.file("secret-old"), newSecret = folder.file("secret-new"), data = folder.file("data")
        try "old-instance-secret-of-the-fleet-0123\n".write(toFile: oldSecret, atomically: true, encoding: .utf8)
        try "new-instance-secret-of-the-fleet-4567\n".write(toFile: newSecret, atomically: true, encoding: .utf8)

        // Given a collector in the middle of a rotation (both secrets valid), i-stale holding a token of the
        // old secret and i-fresh one of the new
        var collector = try await CollectorUnderTest.start(data: data, extra: ["--instance-secret-file", newSecret,
                                                                              "--instance-secret-file", oldSecret])
        defer { collector.process.signal(SIGKILL) }
        let staleToken = try await runCLI(["token", "--instance", "i-stale", "--secret-file", oldSecret]).first ?? ""
        let freshToken = try await runCLI(["token", "--instance", "i-fresh", "--secret-file", newSecret]).first ?? ""
        #expect(staleToken.hasPrefix("iit1-") && freshToken.hasPrefix("iit1-"))
        let staleLog = folder.file("stale.log"), freshLog = folder.file("fresh.log")
        var stale = try await startTailingAgent(collector: collector.agentAddress, instance: "i-stale", log: staleLog, folder: folder,
                                                extra: ["--token", staleToken, "--drain-deadline", "2s"])
        defer { stale.signal(SIGKILL) }
        let fresh = try await startTailingAgent(collector: collector.agentAddress, instance: "i-fresh", log: freshLog, folder: folder,
                                                extra: ["--token", freshToken])
        defer { fresh.signal(SIGKILL) }
        var written = 0
        func write(_ count: Int) throws {
            try appendLines(numberedLines("i-stale", from: written, count: count), to: staleLog)
            try appendLines(numberedLines("i-fresh", from: written, count: count), to: freshLog)
            written += count
        }
        try write(100)
        try await waitForStoredLines(collector, instance: "i-stale", atLeast: 100, timeout: .seconds(20))
        try await waitForStoredLines(collector, instance: "i-fresh", atLeast: 100, timeout: .seconds(20))

        // When the rotation finishes (the collector restarted with the new secret only) while both keep writing
        await collector.process.terminateAndWait()
        collector = try await restartCollector(collector, data: data, extra: ["--instance-secret-file", newSecret])
        for _ in 0..<10 {
            try write(50)
            try await Task.sleep(for: .milliseconds(200))
        }

        // Then i-stale is refused with bad_token and a message that names the cause but no secret, in its log and
        // the collector's, and counted on /metrics
        let refusal = try await stale.waitForLine(containing: "collector refused this agent", timeout: .seconds(30))
        #expect(refusal.contains("reason=bad_token") && refusal.contains("does not match any current instance secret"), "\(refusal)")
        let logged = try await collector.process.waitForLine(containing: "token rejected for instance i-stale", timeout: .seconds(10))
        #expect(logged.contains("reason=bad_token") && logged.contains("does not match any current instance secret"), "\(logged)")
        let refusedCount = try refusedTotal(collector, reason: "bad_token")
        #expect(refusedCount >= 1, "iilogs_refused_total{reason=\"bad_token\"} \(refusedCount)")

        // And i-fresh ships every line meanwhile
        let freshCounts = try await countLines("retired-secret/i-fresh", collector, instance: "i-fresh", sent: written, timeout: .seconds(30))
        freshCounts.report()

        // And i-stale's later lines wait in its spool, unacknowledged, none stored
        let storedWhileRefused = await storedLines(collector, instance: "i-stale")
        #expect(storedWhileRefused < written, "i-stale stored \(storedWhileRefused) of \(written) while refused")
        let flush = try RunningProcess("iilogs-agent", ["flush", "--spool", folder.file("spool-i-stale"), "--timeout", "2s"])
        #expect(try await flush.waitForExit(timeout: .seconds(15)) != 0)
        #expect(flush.stderrLines.contains { $0.contains("not yet acknowledged") }, "\(flush.transcript)")

        // When i-stale restarts on the same spool with a token of the new secret
        await stale.terminateAndWait()
        let renewed = try await runCLI(["token", "--instance", "i-stale", "--secret-file", newSecret]).first ?? ""
        #expect(renewed != staleToken)
        stale = try await startTailingAgent(collector: collector.agentAddress, instance: "i-stale", log: staleLog, folder: folder,
                                            extra: ["--token", renewed])

        // Then every one of its lines arrives, each once
        var staleCounts = try await countLines("retired-secret/i-stale", collector, instance: "i-stale", sent: written, timeout: .seconds(30))
        staleCounts.note = "\(storedWhileRefused) stored before the rotation ended, the rest spooled while refused (bad_token ×\(refusedCount))"
        staleCounts.report()
    }

    /// `iilogs_refused_total{reason="…"}` from the collector's `/metrics` (0 when the line is absent).
    private func refusedTotal(_ collector: CollectorUnderTest, reason: String) throws -> Int {
        let request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        let reply = String(decoding: try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.httpPort, send: Array(request.utf8)),
                           as: UTF8.self)
        let prefix = "iilogs_refused_total{reason=\"\(reason)\"} "
        guard let line = reply.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(Double(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) ?? 0)
    }
}
