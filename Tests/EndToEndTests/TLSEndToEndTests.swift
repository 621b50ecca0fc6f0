import Foundation
import IILogsCore
import IILogsReports
import IILogsTesting
import NIOCore
import Testing

/// TLS through the real executables (certificates made at test time by `openssl`): agents ship over TLS,
/// an agent that cannot verify the collector ships nothing until it can, plain-TCP clients and agents without
/// a required client certificate are refused and counted, and nobody else is disturbed.
@Suite(.serialized) struct TLSEndToEndTests {
    @Test func agentShipsOverTLSWhilePlainClientsAreRefusedAndCounted() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-tls")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.file("certs"))
        let collector = try await startTLSCollector(folder: folder, certificates: certificates)
        defer { collector.process.signal(SIGKILL) }

        // Given an agent shipping over TLS, verifying the collector against the test CA.
        let log = folder.file("app.log")
        try appendLines((0..<50).map { "tls i-tls seq=\($0)" }, to: log)
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-tls", image: "v1", folder: folder,
                                   extra: ["--tail", log, "--tls-ca-file", certificates.caCertificate])
        defer { agent.signal(SIGKILL) }
        _ = try await waitFor("the first 50 lines over TLS", { try await queryTLS(collector, certificates, instance: "i-tls") },
                              until: { $0.count >= 50 })

        // When plain-TCP clients speak the iilogs protocol to the TLS listener, while the agent keeps writing.
        let hello = WireCodec.encodedFrame(.hello(Hello(agentVersion: "plain", token: "", identity: InstanceIdentity(
            instanceID: "i-plain", imageVersion: "v1", bootID: "b"), streamID: 1, lastAckedSequence: 0)))
        for round in 0..<2 {
            let reply = try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.agentPort, send: hello)
            // Then each gets no iilogs frame, only a fatal TLS alert record (content type 21, level 2), and is closed.
            var buffer = ByteBuffer(bytes: reply)
            #expect((try? WireCodec.decodeFrame(&buffer)) == nil, "a plain client got an iilogs frame: \(reply)")
            #expect(reply.count == 7 && reply.first == 21 && reply[5] == 2, "expected one fatal TLS alert, got \(reply.prefix(16))")
            try appendLines((0..<25).map { "tls i-tls seq=\(50 + round * 25 + $0)" }, to: log)
        }

        // And the refusals are counted by reason, the plain instance stored nothing, and the agent lost nothing.
        let refusals = try await refusalCounts(collector, certificates)
        #expect(refusals["tls_handshake"] == 2, "refusals: \(refusals)")
        let lines = try await waitFor("all 100 lines", { try await queryTLS(collector, certificates, instance: "i-tls") },
                                      until: { $0.count >= 100 })
        #expect(sequenceNumbers(lines, prefix: "i-tls") == Array(0..<100))
        #expect(try await queryTLS(collector, certificates, instance: "i-plain").isEmpty)
        #expect(collector.process.stderrLines.contains { $0.contains("TLS handshake failed") && $0.contains("tls_handshake") })
    }

    @Test func agentWithTheWrongCAShipsNothingThenEverythingOnceItTrustsTheCollector() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-tls-wrong-ca")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.file("certs"))
        let collector = try await startTLSCollector(folder: folder, certificates: certificates)
        defer { collector.process.signal(SIGKILL) }

        // Given an agent that trusts another CA: it must refuse to ship, say so, and keep spooling.
        let log = folder.file("app.log")
        try appendLines((0..<40).map { "spooled i-wrong-ca seq=\($0)" }, to: log)
        var agent = try startAgent(collector: collector.agentAddress, instance: "i-wrong-ca", image: "v1", folder: folder,
                                   extra: ["--tail", log, "--tls-ca-file", certificates.otherCACertificate])
        let refusal = try await agent.waitForLine(containing: "refusing to ship")
        #expect(refusal.contains("did not verify"), "\(refusal)")
        try appendLines((40..<60).map { "spooled i-wrong-ca seq=\($0)" }, to: log)
        try await Task.sleep(for: .seconds(2))  // several flush intervals and reconnect attempts
        #expect(try await queryTLS(collector, certificates, instance: "i-wrong-ca").isEmpty, "an unverified collector got lines")
        #expect(agent.stderrLines.filter { $0.contains("connected to collector") }.isEmpty)
        agent.signal(SIGKILL)
        _ = try await agent.waitForExit()

        // When it restarts on the same spool trusting the right CA, everything spooled arrives exactly once.
        agent = try startAgent(collector: collector.agentAddress, instance: "i-wrong-ca", image: "v1", folder: folder,
                               extra: ["--tail", log, "--tls-ca-file", certificates.caCertificate])
        defer { agent.signal(SIGKILL) }
        try appendLines((60..<80).map { "spooled i-wrong-ca seq=\($0)" }, to: log)
        let lines = try await waitFor("all 80 lines", { try await queryTLS(collector, certificates, instance: "i-wrong-ca") },
                                      until: { $0.count >= 80 })
        #expect(sequenceNumbers(lines, prefix: "i-wrong-ca") == Array(0..<80))
    }

    @Test func clientCertificateModeRefusesAnAgentWithoutACertificate() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-tls-client-cert")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.file("certs"))
        let collector = try await startTLSCollector(folder: folder, certificates: certificates,
                                                    extra: ["--tls-client-ca-file", certificates.caCertificate])
        defer { collector.process.signal(SIGKILL) }

        // Given one agent without a client certificate and one with.
        let bare = folder.file("bare.log")
        let signed = folder.file("signed.log")
        try appendLines((0..<30).map { "bare i-no-cert seq=\($0)" }, to: bare)
        try appendLines((0..<30).map { "signed i-cert seq=\($0)" }, to: signed)
        let withoutCertificate = try startAgent(collector: collector.agentAddress, instance: "i-no-cert", image: "v1", folder: folder,
                                                extra: ["--tail", bare, "--tls-ca-file", certificates.caCertificate])
        defer { withoutCertificate.signal(SIGKILL) }
        let withCertificate = try startAgent(collector: collector.agentAddress, instance: "i-cert", image: "v1", folder: folder,
                                             extra: ["--tail", signed, "--tls-ca-file", certificates.caCertificate,
                                                     "--tls-cert-file", certificates.clientCertificate, "--tls-key-file", certificates.clientKey])
        defer { withCertificate.signal(SIGKILL) }

        // Then the one with a certificate ships everything; the other nothing, and its attempts are counted.
        let lines = try await waitFor("all 30 signed lines", { try await queryTLS(collector, certificates, instance: "i-cert") },
                                      until: { $0.count >= 30 })
        #expect(sequenceNumbers(lines, prefix: "i-cert") == Array(0..<30))
        let refusals = try await waitFor("a counted tls_handshake refusal", { try await refusalCounts(collector, certificates) },
                                         until: { ($0["tls_handshake"] ?? 0) >= 1 })
        #expect((refusals["tls_handshake"] ?? 0) >= 1, "refusals: \(refusals)")
        try await Task.sleep(for: .seconds(1))
        #expect(try await queryTLS(collector, certificates, instance: "i-no-cert").isEmpty, "an agent without a certificate got in")
        #expect(withoutCertificate.isRunning, "the refused agent keeps running (and spooling)")
        let reason = try await withoutCertificate.waitForLine(containing: "refusing to ship", timeout: .seconds(15))
        #expect(reason.contains("requires a client certificate"), "\(reason)")
    }

    @Test func httpAPIAnswersOverHTTPSAndRefusesPlainHTTP() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-tls-http")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.file("certs"))
        let collector = try await startTLSCollector(folder: folder, certificates: certificates)
        defer { collector.process.signal(SIGKILL) }
        let https = HTTPGetClient(endpoint: HTTPEndpoint(host: "127.0.0.1", port: collector.httpPort, usesTLS: true,
                                                         caFile: certificates.caCertificate), timeout: .seconds(10))

        // A plain HTTP request to the HTTPS listener gets no HTTP answer.
        let plain = try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.httpPort,
                                                 send: Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        #expect(!String(decoding: plain, as: UTF8.self).hasPrefix("HTTP/"), "plain HTTP was answered: \(String(decoding: plain, as: UTF8.self))")
        // Over HTTPS with the right CA /healthz answers, and the plain attempt disturbed nothing.
        #expect(try await https.get("/healthz").status == 200)
        // A client that trusts another CA refuses the collector.
        let distrustful = HTTPGetClient(endpoint: HTTPEndpoint(host: "127.0.0.1", port: collector.httpPort, usesTLS: true,
                                                               caFile: certificates.otherCACertificate), timeout: .seconds(10))
        await #expect(throws: ClientError.self) { _ = try await distrustful.get("/healthz") }
        // The CLI reads through https:// with --ca-file.
        let instances = try await runCLI(["instances", "--collector", "https://localhost:\(collector.httpPort)",
                                          "--ca-file", certificates.caCertificate, "--output", "json"])
        #expect(instances.joined().hasPrefix("["), "\(instances)")
    }

    // MARK: - Helpers

    func startTLSCollector(folder: TemporaryDirectory, certificates: TestCertificates, extra: [String] = []) async throws -> CollectorUnderTest {
        try await CollectorUnderTest.start(data: folder.file("data"), extra: [
            "--tls-cert-file", certificates.serverCertificate, "--tls-key-file", certificates.serverKey,
        ] + extra)
    }

    /// Every stored line of `instance` through `iilogs query` over https.
    func queryTLS(_ collector: CollectorUnderTest, _ certificates: TestCertificates, instance: String) async throws -> [APILogLine] {
        let lines = try await runCLI(["query", "--collector", "https://127.0.0.1:\(collector.httpPort)", "--ca-file", certificates.caCertificate,
                                      "--instance", instance, "--output", "jsonl", "--limit", "0"])
        return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APILogLine.self, from: Data($0.utf8)) }
    }

    /// `counters.refusals` of `GET /v1/stats` over https.
    func refusalCounts(_ collector: CollectorUnderTest, _ certificates: TestCertificates) async throws -> [String: Int] {
        let client = HTTPGetClient(endpoint: HTTPEndpoint(host: "127.0.0.1", port: collector.httpPort, usesTLS: true,
                                                          caFile: certificates.caCertificate), timeout: .seconds(10))
        let response = try await client.get("/v1/stats")
        let stats = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return (stats?["counters"] as? [String: Any])?["refusals"] as? [String: Int] ?? [:]
    }
}
