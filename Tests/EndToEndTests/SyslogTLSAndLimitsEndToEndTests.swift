import Foundation
import IILogsCore
import IILogsReports
import IILogsTesting
import NIOCore
import Testing

/// Syslog over TLS (`--syslog-tls`, RFC 5425) and the per-sender records-per-second limit of the syslog
/// listeners, through the real collector executable. The TLS sender is `openssl s_client`, verifying the
/// collector against the test CA; certificates are made at test time (``TestCertificates``).
@Suite(.serialized) struct SyslogTLSAndLimitsEndToEndTests {
    @Test func linesSentOverTLSAreStoredOnceAndAPlainClientIsRefusedAndCounted() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-syslog-tls")
        defer { folder.remove() }
        let (collector, port, certificates) = try await startTLSSyslogCollector(folder)
        defer { collector.process.signal(SIGKILL) }

        // Given 100 octet-counted RFC 5424 lines over TLS from a client that verifies the collector,
        try await sendOverTLS(Self.lines("i-syslog-tls", 0..<100), port: port, certificates: certificates, folder: folder)
        // when a plain-TCP sender writes syslog to the TLS listener,
        let reply = try SyslogSender.tcpExchange(host: "127.0.0.1", port: port, send: Self.lines("i-plain", 0..<5))
        // then it gets one fatal TLS alert record and is closed, the refusal is counted, and TLS goes on serving.
        #expect(reply.count == 7 && reply.first == 21 && reply[5] == 2, "expected one fatal TLS alert, got \(reply.prefix(16))")
        try await sendOverTLS(Self.lines("i-syslog-tls", 100..<150), port: port, certificates: certificates, folder: folder)

        let stored = try await waitFor("150 lines over TLS", timeout: .seconds(20),
                                       { try await queryTLS(collector, certificates, instance: "i-syslog-tls") },
                                       until: { $0.count >= 150 })
        #expect(sequenceNumbers(stored, prefix: "i-syslog-tls") == Array(0..<150))
        #expect(stored.allSatisfy { $0.image == "v-tls" && $0.app == "app" })
        #expect(try await queryTLS(collector, certificates, instance: "i-plain").isEmpty)
        let metrics = try await metricsText(collector, certificates)
        #expect(sample(metrics, #"iilogs_refused_total{reason="tls_handshake"}"#) == 1, "\(metrics)")
        #expect(collector.process.stderrLines.contains { $0.contains("syslog TLS connection refused: TLS handshake failed") })
    }

    @Test func rsyslogForwardsOverTLSWithTheDocumentedAction() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-rsyslog-tls")
        defer { folder.remove() }
        let (collector, port, certificates) = try await startTLSSyslogCollector(folder)
        defer { collector.process.signal(SIGKILL) }
        // rsyslog with docs/senders/rsyslog-tls.conf, verifying the collector's certificate ("localhost") against the test CA
        let rsyslog = try await RsyslogUnderTest.start(folder: folder, name: "rsyslog", action: "rsyslog-tls.conf", collectorPort: port,
                                                       instance: "i-rsyslog-tls", image: "v-rs-tls",
                                                       placeholders: ["COLLECTOR_NAME": "localhost", "CA_FILE": certificates.caCertificate])
        defer { rsyslog.process.signal(SIGKILL) }

        // Given the standard set of lines through its local socket,
        let sent = SentSyslogLine.standardSet(tag: "rsyslog-tls")
        for line in sent { try await SyslogPrograms.runLogger(line.loggerArguments(["--socket", rsyslog.socketPath])) }

        // then each arrives over TLS exactly once, with its severity and app, under the image of the template.
        _ = try await waitFor("\(sent.count) lines from rsyslog over TLS", timeout: .seconds(20),
                              { try await queryTLS(collector, certificates, instance: "i-rsyslog-tls") }, until: { $0.count >= sent.count })
        try await Task.sleep(for: .milliseconds(1_500))  // a duplicate would arrive with its original
        let stored = try await queryTLS(collector, certificates, instance: "i-rsyslog-tls")
        #expect(stored.count == sent.count, "\(stored.count) stored for \(sent.count) sent")
        for line in sent {
            let matches = stored.filter { $0.message == line.stored }
            #expect(matches.count == 1, "\(line) stored \(matches.count) times")
            #expect(matches.first.map { $0.severity == line.severity.name && $0.app == line.app && $0.image == "v-rs-tls" } ?? false,
                    "\(line) stored as \(String(describing: matches.first))")
        }
        #expect(collector.process.stderrLines.filter { $0.contains("TLS handshake failed") }.isEmpty)
        await rsyslog.process.terminateAndWait(grace: .seconds(5))
    }

    @Test func withAClientCAOnlySendersWithACertificateAreStored() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-syslog-tls-client")
        defer { folder.remove() }
        let (collector, port, certificates) = try await startTLSSyslogCollector(folder, requireClientCertificates: true)
        defer { collector.process.signal(SIGKILL) }

        // A sender without a client certificate: its lines are not stored and the handshake failure is counted.
        try await sendOverTLS(Self.lines("i-no-cert", 0..<10), port: port, certificates: certificates, folder: folder, checkExit: false)
        // A sender with one signed by the CA: every line is stored.
        try await sendOverTLS(Self.lines("i-cert", 0..<30), port: port, certificates: certificates, folder: folder,
                              extra: ["-cert", certificates.clientCertificate, "-key", certificates.clientKey])
        let stored = try await waitFor("30 lines with a client certificate", timeout: .seconds(20),
                                       { try await queryTLS(collector, certificates, instance: "i-cert") },
                                       until: { $0.count >= 30 })
        #expect(sequenceNumbers(stored, prefix: "i-cert") == Array(0..<30))
        let metrics = try await metricsText(collector, certificates)
        #expect(sample(metrics, #"iilogs_refused_total{reason="tls_handshake"}"#) == 1, "\(metrics)")
        #expect(try await queryTLS(collector, certificates, instance: "i-no-cert").isEmpty)
    }

    @Test func syslogTLSWithoutACertificateRefusesToStart() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-syslog-tls-nocert")
        defer { folder.remove() }
        let process = try RunningProcess("iilogs-collector", ["--data", folder.file("data"), "--listen", "127.0.0.1:0",
                                                              "--http", "127.0.0.1:0", "--syslog-tls", "127.0.0.1:0"])
        let status = try await process.waitForExit(timeout: .seconds(20))
        #expect(status != 0)
        #expect(process.stderrLines.contains { $0.contains("--syslog-tls needs a certificate: set --tls-cert-file and --tls-key-file") },
                "\(process.transcript)")
    }

    @Test func udpAboveTheLimitIsDroppedAndCountedAndOtherSendersAreServed() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-syslog-udp-limit")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: [
            "--syslog-udp", "127.0.0.1:0", "--syslog-max-records-per-second", "20", "--syslog-records-burst", "1s",
        ])
        defer { collector.process.signal(SIGKILL) }
        let port = try await listenerPort(collector, "syslog-udp")

        // Given one sender far above 20 records per second (300 datagrams in bursts of 10, 10 ms apart: the
        // socket's receive buffer never fills, so every datagram reaches the collector)
        let sent = 300
        for burst in 0..<(sent / 10) {
            for n in (burst * 10)..<(burst * 10 + 10) {
                try SyslogSender.sendUDP(host: "127.0.0.1", port: port, Self.line("i-udp-flood", n))
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        // and one within it, from another address, during the flood's penalty.
        for n in 0..<5 { try SyslogSender.sendUDP(host: "127.0.0.1", port: port, from: "127.0.0.2", Self.line("i-udp-calm", n)) }

        // Then the calm sender is stored in full,
        let calm = try await waitFor("5 calm lines", timeout: .seconds(20), { try await queryEverything(collector, instance: "i-udp-calm") },
                                     until: { $0.count >= 5 })
        #expect(sequenceNumbers(calm, prefix: "i-udp-calm") == Array(0..<5))
        // and every flood datagram is either stored once or counted as dropped with its reason.
        let reason = #"iilogs_refused_total{reason="syslog_rate_limit"}"#
        var dropped = 0
        var stored: [APILogLine] = []
        _ = try await waitFor("stored + dropped = \(sent)", timeout: .seconds(20), {
            dropped = sample(try await metricsText(collector), reason) ?? 0
            stored = try await queryEverything(collector, instance: "i-udp-flood")
            return stored.count + dropped
        }, until: { $0 >= sent })
        let numbers = sequenceNumbers(stored, prefix: "i-udp-flood")
        #expect(numbers.count + dropped == sent, "stored \(numbers.count), dropped \(dropped)")
        #expect(numbers.count >= 20 && dropped >= sent / 2, "stored \(numbers.count), dropped \(dropped)")
        #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count, "each accepted line once: \(numbers)")
        // The drops are logged a few times with their count, not once per datagram.
        let logged = collector.process.stderrLines.filter { $0.contains("syslog UDP datagrams dropped") }
        #expect(!logged.isEmpty && logged.count <= 3, "\(logged.count) log lines about drops")
        #expect(logged.allSatisfy { $0.contains("syslog_rate_limit") && $0.contains("127.0.0.1") }, "\(logged)")
    }

    @Test func tcpAboveTheLimitIsSlowedDownAndEverythingIsStored() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-syslog-tcp-limit")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: [
            "--syslog-tcp", "127.0.0.1:0", "--syslog-max-records-per-second", "50", "--syslog-records-burst", "0s",
        ])
        defer { collector.process.signal(SIGKILL) }
        let port = try await listenerPort(collector, "syslog-tcp")

        // Given 150 lines on one connection in six writes of 25, 100 ms apart, at 50 records per second and no burst
        let started = ContinuousClock.now
        try await SyslogSender.sendTCP(host: "127.0.0.1", port: port,
                                       chunks: (0..<6).map { Self.lines("i-tcp-fast", ($0 * 25)..<($0 * 25 + 25)) },
                                       pause: .milliseconds(100))
        // Then every line is stored exactly once, in order, later than the rate allows sooner,
        let stored = try await waitFor("150 lines", timeout: .seconds(20), { try await queryEverything(collector, instance: "i-tcp-fast") },
                                       until: { $0.count >= 150 })
        let elapsed = ContinuousClock.now - started
        #expect(sequenceNumbers(stored, prefix: "i-tcp-fast") == Array(0..<150))
        #expect(elapsed >= .milliseconds(1_500), "150 lines at 50/s stored in \(elapsed)")
        // the pauses are counted, and nothing was dropped.
        let metrics = try await metricsText(collector)
        #expect((sample(metrics, "iilogs_syslog_throttled_reads_total") ?? 0) >= 1, "\(metrics)")
        #expect(sample(metrics, #"iilogs_refused_total{reason="syslog_rate_limit"}"#) == nil, "\(metrics)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await queryEverything(collector, instance: "i-tcp-fast").count == 150)
    }

    // MARK: - Helpers

    static func line(_ instance: String, _ n: Int) -> String {
        #"<14>1 - vm app - - [iilogs@53595 instance="\#(instance)" image="v-tls"] \#(instance) seq=\#(n)"#
    }

    /// `range` as octet-counted RFC 5424 lines (RFC 5425 framing).
    static func lines(_ instance: String, _ range: Range<Int>) -> [UInt8] {
        range.flatMap { SyslogSender.octetCounted(line(instance, $0)) }
    }

    /// Writes `bytes` to the TLS listener with `openssl s_client`, verifying the collector against the test CA
    /// (exit status checked unless `checkExit` is false), and waits for it to end.
    func sendOverTLS(_ bytes: [UInt8], port: Int, certificates: TestCertificates, folder: TemporaryDirectory,
                     extra: [String] = [], checkExit: Bool = true) async throws {
        let input = folder.file("tls-input-\(UUID().uuidString)")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        // -nocommands: a line starting with Q or R is data, not a command; -no_ign_eof: end at end of input.
        let arguments = ["s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", certificates.caCertificate, "-verify_return_error",
                         "-verify_ip", "127.0.0.1", "-nocommands", "-no_ign_eof"] + extra
        let client = try RunningProcess("/bin/sh", ["-c", #"input="$1"; shift; exec openssl "$@" < "$input""#, "sh", input] + arguments)
        let status = try await client.waitForExit(timeout: .seconds(20))
        if checkExit { #expect(status == 0, "openssl s_client exited \(status)\n\(client.transcript)") }
    }

    /// Every stored line of `instance` through `iilogs query` over https (the HTTP API has the certificate too).
    func queryTLS(_ collector: CollectorUnderTest, _ certificates: TestCertificates, instance: String) async throws -> [APILogLine] {
        let lines = try await runCLI(["query", "--collector", "https://127.0.0.1:\(collector.httpPort)", "--ca-file", certificates.caCertificate,
                                      "--instance", instance, "--output", "jsonl", "--limit", "0"])
        return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APILogLine.self, from: Data($0.utf8)) }
    }

    /// The port of `key=HOST:PORT` in the collector's `listening` line.
    /// A collector with `--syslog-tls` on a port the kernel picks, its certificate (and, when asked, the client CA
    /// senders must present a certificate of) made in `folder`.
    func startTLSSyslogCollector(_ folder: TemporaryDirectory, requireClientCertificates: Bool = false) async throws
        -> (CollectorUnderTest, Int, TestCertificates) {
        let certificates = try TestCertificates.make(in: folder.file("certs"))
        let clientCA = requireClientCertificates ? ["--tls-client-ca-file", certificates.caCertificate] : []
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: [
            "--tls-cert-file", certificates.serverCertificate, "--tls-key-file", certificates.serverKey, "--syslog-tls", "127.0.0.1:0",
        ] + clientCA)
        do {
            return (collector, try await listenerPort(collector, "syslog-tls"), certificates)
        } catch {
            await collector.process.terminateAndWait()  // a collector the caller never got would outlive the test
            throw error
        }
    }

    func listenerPort(_ collector: CollectorUnderTest, _ key: String) async throws -> Int {
        let line = try await collector.process.waitForLine(containing: "listening agents=")
        let word = line.split(separator: " ").first { $0.hasPrefix(key + "=") }
        return try #require(word.flatMap { Int($0.split(separator: ":").last ?? "") }, "no \(key) in: \(line)")
    }

    /// `GET /metrics`, over https verified against the test CA when the collector has a certificate.
    func metricsText(_ collector: CollectorUnderTest, _ certificates: TestCertificates? = nil) async throws -> String {
        let endpoint = HTTPEndpoint(host: "127.0.0.1", port: collector.httpPort, usesTLS: certificates != nil,
                                    caFile: certificates?.caCertificate)
        let client = HTTPGetClient(endpoint: endpoint, timeout: .seconds(10))
        let response = try await client.get("/metrics")
        return String(buffer: response.body)
    }

    /// The value of the sample named exactly `name` (labels included), nil when absent.
    func sample(_ metrics: String, _ name: String) -> Int? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Int(line.dropFirst(name.count + 1))
        }
        return nil
    }
}
