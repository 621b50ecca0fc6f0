import Foundation
import IILogsTesting
import Testing

/// A real syslog-ng started for a test: foreground (`-F`), its module path, config, pid file, persist file
/// and control socket in a temporary folder. Input: two unix datagram sockets in that folder, one for
/// RFC 3164 (what `/dev/log` carries) and one for RFC 5424. Output: the docs/senders/syslog-ng.conf snippet.
struct SyslogNGUnderTest {
    let process: RunningProcess
    /// Local RFC 3164 messages (`logger --socket PATH`).
    let socket3164: String
    /// RFC 5424 messages (`logger --socket PATH --rfc5424`).
    let socket5424: String

    static func start(folder: TemporaryDirectory, collectorPort: Int, instance: String, image: String) async throws -> SyslogNGUnderTest {
        let program = try SyslogPrograms.syslogNG()
        let socket3164 = folder.file("sng-3164.sock")
        let socket5424 = folder.file("sng-5424.sock")
        let buffer = folder.file("sng-buffer")
        try FileManager.default.createDirectory(atPath: buffer, withIntermediateDirectories: true)
        let values = ["INSTANCE": instance, "IMAGE": image, "COLLECTOR_HOST": "127.0.0.1", "COLLECTOR_PORT": "\(collectorPort)",
                      "DISK_BUFFER_DIR": buffer]
        let config = """
            @version: 3.38
            source s_src { unix-dgram("\(socket3164)"); unix-dgram("\(socket5424)" flags(syslog-protocol)); };
            \(try SyslogPrograms.snippet("syslog-ng.conf", values))

            """
        let configPath = folder.file("syslog-ng.conf")
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let process = try RunningProcess(program.binary, [
            "-F", "-e", "--no-caps", "--module-path=\(program.modulePath)", "--cfgfile=\(configPath)",
            "--pidfile=\(folder.file("sng.pid"))", "--persist-file=\(folder.file("sng.persist"))", "--control=\(folder.file("sng.ctl"))",
        ], environment: ["LD_LIBRARY_PATH": program.libraryPath, "TZ": "UTC"])
        do {
            _ = try await process.waitForLine(containing: "syslog-ng starting up", timeout: .seconds(20))
        } catch {
            process.signal(SIGKILL)
            throw SyslogProgramError(message: "\(error)\n\(config)")
        }
        return SyslogNGUnderTest(process: process, socket3164: socket3164, socket5424: socket5424)
    }
}
