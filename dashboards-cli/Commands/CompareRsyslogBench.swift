import ArgumentParser
import Foundation
import IILogsSimulation
import Logging

/// `iilogs bench compare-rsyslog`: one RFC 5424 stream into rsyslog and into iilogs, side by side.
struct CompareRsyslogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-rsyslog",
        abstract: "Send one RFC 5424 TCP stream to rsyslog (flat file) and to the collector's syslog listener; print both rates and the ratio."
    )

    @Option(help: "Lines in the stream.") var lines = 1_000_000
    @Option(help: "Sending hosts (each one instance).") var hosts = 1000
    @Option(help: "TCP connections to each receiver.") var connections = 4
    @Option(help: "Workload seed.") var seed: UInt64 = 42
    @Option(help: ArgumentHelp("rsyslogd executable (Debian's rsyslog package).", valueName: "PATH")) var rsyslogd = "/usr/sbin/rsyslogd"
    @Option(help: ArgumentHelp("Work folder (default: a fresh temporary folder, removed afterwards).", valueName: "DIR")) var work: String?

    func validate() throws {
        guard lines > 0, hosts > 0, connections > 0 else { throw ValidationError("--lines, --hosts and --connections must be positive") }
    }

    func run() async throws {
        var options = RsyslogComparison.Options()
        options.lines = lines
        options.hosts = hosts
        options.connections = connections
        options.seed = seed
        options.rsyslogPath = rsyslogd
        let r = try await BenchWorkspace.run(folder: work, prefix: "iilogs-vs-rsyslog") { folder, logger, progress in
            try await RsyslogComparison(options: options, logger: logger).run(workDirectory: folder, progress: progress)
        }
        print("""
            iilogs bench compare-rsyslog — \(r.lines) lines (\(String(format: "%.1f", Double(r.streamBytes) / 1e6)) MB octet-counted RFC 5424), \(hosts) hosts, \(connections) connections each
            rsyslog  (flat file, %rawmsg%)        \(String(format: "%9.0f", r.rsyslogLinesPerSecond)) lines/s   \(String(format: "%.2f", r.rsyslogSeconds)) s   \(String(format: "%.1f", Double(r.rsyslogFileBytes) / Double(r.lines))) bytes/line on disk
            iilogs   (syslog TCP, indexed, committed) \(String(format: "%9.0f", r.iilogsLinesPerSecond)) lines/s   \(String(format: "%.2f", r.iilogsSeconds)) s   \(String(format: "%.1f", Double(r.iilogsBytesOnDisk) / Double(r.lines))) bytes/line on disk
            ratio    iilogs / rsyslog                \(String(format: "%.2f", r.ratio))×   (target ≥ 1.5×)

            """)
    }
}
