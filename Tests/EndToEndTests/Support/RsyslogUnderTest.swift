import Foundation
import IILogsTesting
import Testing

/// A real `rsyslogd` started for a test: foreground (`-n`), its own config, pid file and work folder in a
/// temporary folder, no kernel or journal input. Input: an imuxsock socket in that folder (what `/dev/log`
/// is on an image) and an imtcp listener on a kernel-chosen loopback port. Output: the docs/senders/ snippets.
struct RsyslogUnderTest {
    let process: RunningProcess
    /// The imuxsock socket (`logger --socket PATH`).
    let socketPath: String
    /// The imtcp port on 127.0.0.1.
    let tcpPort: Int

    /// Starts rsyslogd forwarding to the collector at `port` with `action` (`rsyslog-tcp.conf`, `rsyslog-udp.conf`
    /// or `rsyslog-tls.conf`); `placeholders` fills the action's own `@KEY@`s (`COLLECTOR_NAME`, `CA_FILE` for TLS).
    static func start(folder: TemporaryDirectory, name: String, action: String, collectorPort: Int,
                      instance: String, image: String, placeholders: [String: String] = [:]) async throws -> RsyslogUnderTest {
        let binary = try SyslogPrograms.rsyslogd()
        let work = folder.file("\(name)-work")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let socketPath = folder.file("\(name).sock")
        let portFile = folder.file("\(name).tcpport")
        let values = ["INSTANCE": instance, "IMAGE": image, "COLLECTOR_HOST": "127.0.0.1", "COLLECTOR_PORT": "\(collectorPort)"]
            .merging(placeholders) { _, given in given }
        // The snippet's action sits in its own ruleset so rsyslog's internal messages stay out of the test's count.
        let config = """
            global(workDirectory="\(work)" maxMessageSize="64k" parser.escapeControlCharactersOnReceive="off")
            module(load="imuxsock" SysSock.Use="off")
            input(type="imuxsock" Socket="\(socketPath)" UseSysTimeStamp="off" IgnoreTimestamp="off" Ruleset="iilogs")
            module(load="imtcp")
            input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="\(portFile)" Ruleset="iilogs")
            \(try SyslogPrograms.snippet("rsyslog-template.conf", values))
            ruleset(name="iilogs") {
            \(try SyslogPrograms.snippet(action, values))
            }

            """
        let configPath = folder.file("\(name).conf")
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let process = try RunningProcess(binary, ["-n", "-f", configPath, "-i", folder.file("\(name).pid")], environment: ["TZ": "UTC"])
        let deadline = ContinuousClock.now + .seconds(20)
        var port = 0
        while port == 0 || !FileManager.default.fileExists(atPath: socketPath) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                process.signal(SIGKILL)
                throw SyslogProgramError(message: "rsyslogd did not open \(socketPath) and \(portFile) within 20s\n\(process.transcript)\n\(config)")
            }
            try await Task.sleep(for: .milliseconds(50))
            port = Int((try? String(contentsOfFile: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        }
        return RsyslogUnderTest(process: process, socketPath: socketPath, tcpPort: port)
    }
}
