import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// rsyslog forwards a numbered sequence over TCP (docs/senders/ snippets: disk-assisted queue, retries
/// forever) while the collector is stopped with SIGTERM and restarted on the same port and data folder.
///
/// Plain syslog has no acknowledgements, so what the collector had not read when it stopped, or what rsyslog
/// wrote into the dying connection, may be lost, and a batch rsyslog resends may arrive twice. Asserted: the
/// collector exits cleanly, every stored line is well-formed, and every line sent after the restart arrives.
/// Loss and duplication are measured and printed (docs/SENDERS.md records a run).
@Suite(.serialized) struct RsyslogCollectorRestartTests {
    static let total = 3_000
    static let stopAt = 1_200
    static let chunk = 50

    @Test func rsyslogKeepsForwardingAcrossACollectorRestart() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-rsyslog-restart")
        defer { folder.remove() }
        let data = folder.file("data")
        var collector = try await CollectorUnderTest.start(data: data, extra: ["--syslog-tcp", "127.0.0.1:0"])
        defer { collector.process.signal(SIGKILL) }
        let port = try await syslogPorts(collector).tcp
        let rsyslog = try await RsyslogUnderTest.start(folder: folder, name: "rsyslog", action: "rsyslog-tcp.conf",
                                                       collectorPort: port, instance: "i-restart", image: "v-restart")
        defer { rsyslog.process.signal(SIGKILL) }

        // Given rsyslog forwarding a paced numbered sequence,
        func send(_ range: Range<Int>) async throws {
            for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.chunk) {
                let bytes = (start..<min(start + Self.chunk, range.upperBound)).flatMap { seq in
                    SyslogSender.octetCounted("<14>1 \(rfc5424Time(.now())) vm seqgen 1 - - restart seq=\(seq)")
                }
                try SyslogSender.sendTCP(host: "127.0.0.1", port: rsyslog.tcpPort, bytes)
                try await Task.sleep(for: .milliseconds(25))
            }
        }
        try await send(0..<Self.stopAt)

        // when the collector is stopped mid-stream (SIGTERM) while the sequence goes on, and started again,
        collector.process.signal(SIGTERM)
        try await send(Self.stopAt..<(Self.stopAt + 300))
        let status = try await collector.process.waitForExit(timeout: .seconds(20))
        #expect(status == 0, "the collector did not stop cleanly on SIGTERM (status \(status))\n\(collector.process.transcript)")
        try await send((Self.stopAt + 300)..<(Self.stopAt + 600))
        collector = try await CollectorUnderTest.start(data: data, extra: ["--syslog-tcp", "127.0.0.1:\(port)"])
        let resumeFrom = Self.stopAt + 600
        try await send(resumeFrom..<Self.total)

        // then every line sent after the restart arrives, and everything stored is well-formed.
        let arrivedAfterRestart = { (lines: [APILogLine]) in
            Set(sequenceNumbers(lines, prefix: "restart")).isSuperset(of: resumeFrom..<Self.total)
        }
        _ = try await waitFor("the lines sent after the restart", timeout: .seconds(60),
                                     { [collector] in try await queryEverything(collector, instance: "i-restart") }, until: arrivedAfterRestart)
        try await Task.sleep(for: .seconds(3))  // rsyslog may still be resending its queue
        let stored = try await queryEverything(collector, instance: "i-restart")
        let numbers = sequenceNumbers(stored, prefix: "restart")
        #expect(numbers.count == stored.count, "lines that are not from the sequence were stored")
        let malformed = stored.filter { !($0.app == "seqgen" && $0.severity == "info" && $0.image == "v-restart") }
        #expect(malformed.isEmpty, "\(malformed.count) malformed lines, the first: \(String(describing: malformed.first))")
        #expect(arrivedAfterRestart(stored), "missing after restart: \(Set(resumeFrom..<Self.total).subtracting(numbers).sorted().prefix(20))")

        let counts = Dictionary(numbers.map { ($0, 1) }, uniquingKeysWith: +)
        let lost = (0..<Self.total).filter { counts[$0] == nil }
        let duplicated = counts.values.reduce(0) { $0 + max(0, $1 - 1) }
        print("rsyslog across a collector restart: sent \(Self.total), stored \(stored.count) (\(counts.count) distinct), "
              + "lost \(lost.count) \(lost.prefix(20)), duplicated \(duplicated)")
        await rsyslog.process.terminateAndWait(grace: .seconds(5))
        await collector.process.terminateAndWait()
    }
}
