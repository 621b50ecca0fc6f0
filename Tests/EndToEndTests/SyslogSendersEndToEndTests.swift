import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// The real syslog programs (rsyslog, syslog-ng, util-linux logger) forward a known set of lines into the
/// collector executable with the configuration snippets of docs/senders/; `iilogs query --instance` finds
/// every line exactly once with its severity, app and time.
///
/// The programs run in the foreground with their own files in a temporary folder, on loopback, never as the
/// system daemon. A missing program fails the test (`.ci/run` installs them).
@Suite(.serialized) struct SyslogSendersEndToEndTests {
    static let syslogListeners = ["--syslog-tcp", "127.0.0.1:0", "--syslog-udp", "127.0.0.1:0"]

    @Test func rsyslogForwardsOverTCPOctetCountedRFC5424() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-rsyslog-tcp")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: Self.syslogListeners)
        defer { collector.process.signal(SIGKILL) }
        let ports = try await syslogPorts(collector)
        let rsyslog = try await RsyslogUnderTest.start(folder: folder, name: "rsyslog", action: "rsyslog-tcp.conf",
                                                       collectorPort: ports.tcp, instance: "i-rsyslog-tcp", image: "v-rs-1")
        defer { rsyslog.process.signal(SIGKILL) }

        // Given the standard set through /dev/log-style local RFC 3164 and through imtcp as RFC 5424,
        let start = Timestamp.now()
        let local = SentSyslogLine.standardSet(tag: "uxsock")
        for line in local { try await SyslogPrograms.runLogger(line.loggerArguments(["--socket", rsyslog.socketPath])) }
        let network = SentSyslogLine.standardSet(tag: "imtcp")
        for line in network {
            try await SyslogPrograms.runLogger(line.loggerArguments(
                ["-n", "127.0.0.1", "-P", "\(rsyslog.tcpPort)", "-T", "--octet-count", "--rfc5424"]))
        }
        // and one line stamped by the test (microseconds, a non-UTC offset).
        let stamped = microsecondTime(ago: .seconds(600))
        let fixed = SentSyslogLine(app: "stamped", severity: .error, message: "imtcp stamped by the test", time: stamped)
        try SyslogSender.sendTCP(host: "127.0.0.1", port: rsyslog.tcpPort, SyslogSender.octetCounted(
            "<11>1 \(rfc5424Time(stamped, offsetHours: 2)) vm stamped 4242 - - \(fixed.message)"))
        let end = Timestamp.now()

        // Then rsyslog forwarded each exactly once with its severity, app, time.
        try await expectDelivered(local + network + [fixed], to: collector, instance: "i-rsyslog-tcp", image: "v-rs-1",
                                  sentBetween: start...end, via: "rsyslog TCP")
        await rsyslog.process.terminateAndWait(grace: .seconds(5))
    }

    @Test func rsyslogForwardsOverUDP() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-rsyslog-udp")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: Self.syslogListeners)
        defer { collector.process.signal(SIGKILL) }
        let ports = try await syslogPorts(collector)
        let rsyslog = try await RsyslogUnderTest.start(folder: folder, name: "rsyslog", action: "rsyslog-udp.conf",
                                                       collectorPort: ports.udp, instance: "i-rsyslog-udp", image: "v-rs-2")
        defer { rsyslog.process.signal(SIGKILL) }

        let start = Timestamp.now()
        let lines = SentSyslogLine.standardSet(tag: "udp")
        for line in lines { try await SyslogPrograms.runLogger(line.loggerArguments(["--socket", rsyslog.socketPath])) }
        let end = Timestamp.now()

        try await expectDelivered(lines, to: collector, instance: "i-rsyslog-udp", image: "v-rs-2", sentBetween: start...end,
                                  via: "rsyslog UDP")
        await rsyslog.process.terminateAndWait(grace: .seconds(5))
    }

    @Test func syslogNGForwardsOverTCPWithItsSyslogDestination() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-syslog-ng")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: Self.syslogListeners)
        defer { collector.process.signal(SIGKILL) }
        let ports = try await syslogPorts(collector)
        let syslogNG = try await SyslogNGUnderTest.start(folder: folder, collectorPort: ports.tcp, instance: "i-syslog-ng", image: "v-sng-1")
        defer { syslogNG.process.signal(SIGKILL) }

        let start = Timestamp.now()
        let local = SentSyslogLine.standardSet(tag: "sng3164")
        for line in local { try await SyslogPrograms.runLogger(line.loggerArguments(["--socket", syslogNG.socket3164])) }
        let structured = SentSyslogLine.standardSet(tag: "sng5424")
        for line in structured { try await SyslogPrograms.runLogger(line.loggerArguments(["--socket", syslogNG.socket5424, "--rfc5424"])) }
        let stamped = microsecondTime(ago: .seconds(900))
        let fixed = SentSyslogLine(app: "stamped", severity: .warning, message: "sng5424 stamped by the test", time: stamped)
        try SyslogSender.sendUnixDatagram(path: syslogNG.socket5424,
                                          "<12>1 \(rfc5424Time(stamped, offsetHours: -5)) vm stamped 77 - - \(fixed.message)")
        let end = Timestamp.now()

        try await expectDelivered(local + structured + [fixed], to: collector, instance: "i-syslog-ng", image: "v-sng-1",
                                  sentBetween: start...end, via: "syslog-ng TCP")
        await syslogNG.process.terminateAndWait(grace: .seconds(5))
    }

    @Test func loggerSendsStraightToTheCollector() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-logger")
        defer { folder.remove() }
        // Image rules apply to the senders without the identity element only (the UDP part below).
        let rules = ["--syslog-map", "nomatch-*=v-wrong", "--syslog-map", "\(shortHostname())=v-by-rule", "--syslog-map", "*=v-too-late"]
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: Self.syslogListeners + rules)
        defer { collector.process.signal(SIGKILL) }
        let ports = try await syslogPorts(collector)

        // RFC 5424 over TCP, octet-counted, with the identity as structured data (the docs/SENDERS.md command).
        var start = Timestamp.now()
        let tcp = SentSyslogLine.standardSet(tag: "logger-tcp")
        for line in tcp {
            try await SyslogPrograms.runLogger(line.loggerArguments([
                "--tcp", "--server", "127.0.0.1", "--port", "\(ports.tcp)", "--octet-count", "--rfc5424",
                "--sd-id", "iilogs@53595", "--sd-param", "instance=\"i-logger\"", "--sd-param", "image=\"v-logger-1\""]))
        }
        try await expectDelivered(tcp, to: collector, instance: "i-logger", image: "v-logger-1", sentBetween: start...Timestamp.now(),
                                  via: "logger TCP RFC 5424")

        // RFC 3164 over UDP: no identity, so the HOSTNAME logger writes is the instance, its image from the first matching rule.
        start = Timestamp.now()
        let udp = SentSyslogLine.standardSet(tag: "logger-udp")
        for line in udp {
            try await SyslogPrograms.runLogger(line.loggerArguments(["--udp", "--server", "127.0.0.1", "--port", "\(ports.udp)", "--rfc3164"]))
        }
        try await expectDelivered(udp, to: collector, instance: shortHostname(), image: "v-by-rule", sentBetween: start...Timestamp.now(),
                                  via: "logger UDP RFC 3164")
    }

    @Test func docsShowTheSnippetsTheTestsRun() throws {
        let guide = try String(contentsOfFile: "\(SyslogPrograms.packageRoot)/docs/SENDERS.md", encoding: .utf8)
        for name in ["rsyslog-template.conf", "rsyslog-tcp.conf", "rsyslog-udp.conf", "rsyslog-tls.conf", "syslog-ng.conf"] {
            let snippet = try String(contentsOfFile: "\(SyslogPrograms.packageRoot)/docs/senders/\(name)", encoding: .utf8)
            #expect(guide.contains(snippet), "docs/SENDERS.md does not show docs/senders/\(name) verbatim")
        }
    }

    /// The host name as logger writes it in RFC 3164 (up to the first dot).
    func shortHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(name.split(separator: ".").first ?? "")
    }
}
