import Foundation
import IILogsAgent
import IILogsCore
import Testing

/// A /proc tree in a temporary folder, filled from the captured fixtures.
struct ProcFixtureTree {
    let folder: InputTestFolder

    init() throws {
        folder = try InputTestFolder()
        for directory in ["/proc/net", "/proc/sys/fs", "/proc/self", "/proc/1", "/proc/42", "/proc/sys/kernel"] {
            try FileManager.default.createDirectory(atPath: folder.path + directory, withIntermediateDirectories: true)
        }
        try write("/proc/stat", MetricsFixtures.procStat)
        try write("/proc/loadavg", MetricsFixtures.loadavg)
        try write("/proc/meminfo", MetricsFixtures.meminfo)
        // The fixture root is mounted at "/", so statvfs looks at the temporary folder itself.
        try write("/proc/mounts", MetricsFixtures.mounts)
        try write("/proc/diskstats", MetricsFixtures.diskstats)
        try write("/proc/net/dev", MetricsFixtures.netDev)
        try write("/proc/sys/fs/file-nr", MetricsFixtures.fileNr)
        try write("/proc/uptime", MetricsFixtures.uptime)
        try write("/proc/self/stat", MetricsFixtures.selfStat)
        try write("/proc/self/status", MetricsFixtures.selfStatus)
    }

    var root: String { folder.path }

    func write(_ path: String, _ text: String) throws { try inputWriteFile(folder.path + path, text) }

    func remove() { folder.remove() }
}

@Suite("Metrics sampler")
struct MetricsSamplerTests {
    let time = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)

    func value(_ samples: [MetricSample], _ name: String, _ labels: [LogField] = []) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test func ratesAndFractionsFromTwoSnapshotsAreExact() throws {
        // Given two snapshots 10 s apart.
        var before = SystemSnapshot(stat: ProcStat(cpu: .init(user: 100, system: 100, idle: 700, iowait: 100), cpuCount: 2),
                                    disks: [DiskIO(device: "vda", readBytes: 1_000, writtenBytes: 5_000, ioMilliseconds: 1_000)],
                                    interfaces: [NetInterfaceCounters(interface: "eth0", rxBytes: 10_000, rxPackets: 1, rxErrors: 1, rxDropped: 0,
                                                                      txBytes: 2_000, txPackets: 1, txErrors: 0, txDropped: 3)],
                                    agentProcess: ProcessStatus(cpuTicks: 1_000, residentBytes: 8 << 20))
        var after = before
        after.stat = ProcStat(cpu: .init(user: 250, system: 150, idle: 1_000, iowait: 200), cpuCount: 2)  // +600 jiffies: 200 busy, 300 idle, 100 iowait
        after.disks = [DiskIO(device: "vda", readBytes: 41_000, writtenBytes: 5_000 + 1_024_000, ioMilliseconds: 3_500)]
        after.interfaces = [NetInterfaceCounters(interface: "eth0", rxBytes: 110_000, rxPackets: 9, rxErrors: 4, rxDropped: 0,
                                                 txBytes: 7_000, txPackets: 5, txErrors: 0, txDropped: 3)]
        after.agentProcess = ProcessStatus(cpuTicks: 1_005, residentBytes: 9 << 20)  // 0.05 s of CPU in 10 s

        // When the second is sampled against the first.
        let samples = after.samples(at: time, previous: before, elapsed: .seconds(10))

        // Then every rate is the difference over 10 s.
        #expect(value(samples, "cpu.busy") == 200.0 / 600)
        #expect(value(samples, "cpu.iowait") == 100.0 / 600)
        #expect(value(samples, "cpu.steal") == 0)
        #expect(value(samples, "cpu.count") == 2)
        let vda = [LogField("device", "vda")]
        #expect(value(samples, "disk.read_bytes", vda) == 4_000)
        #expect(value(samples, "disk.write_bytes", vda) == 102_400)
        #expect(value(samples, "disk.busy", vda) == 0.25)
        let eth0 = [LogField("device", "eth0")]
        #expect(value(samples, "net.rx_bytes", eth0) == 10_000)
        #expect(value(samples, "net.tx_bytes", eth0) == 500)
        #expect(value(samples, "net.rx_errors", eth0) == 3)
        #expect(value(samples, "net.tx_dropped", eth0) == 0)
        #expect(value(samples, "agent.cpu") == 0.005)
        #expect(value(samples, "agent.rss_bytes") == Double(9 << 20))
        #expect(samples.allSatisfy { $0.time == time })

        // Without a previous snapshot only gauges are reported; a counter that went backwards is skipped.
        let first = before.samples(at: time, previous: nil, elapsed: .zero)
        #expect(value(first, "cpu.busy") == nil)
        #expect(value(first, "disk.read_bytes", vda) == nil)
        #expect(value(first, "cpu.count") == 2)
        before.interfaces[0].rxBytes = 999_999_999
        let reset = after.samples(at: time, previous: before, elapsed: .seconds(10))
        #expect(value(reset, "net.rx_bytes", eth0) == nil)
        #expect(value(reset, "disk.read_bytes", vda) == 4_000)
    }

    @Test func readsAFixtureTreeAndSubmitsTwoRounds() async throws {
        let tree = try ProcFixtureTree()
        defer { tree.remove() }
        let sink = InputCollectingSink()
        let sampler = MetricsSampler(options: .init(interval: .seconds(10), root: tree.root), sink: sink, logger: inputTestLogger,
                                     now: { Timestamp(nanosecondsSinceEpoch: 42) })

        // First round: gauges from the fixture files.
        let first = await sampler.sampleRound(after: nil)
        let gauges = sink.records.compactMap { if case .metric(let m) = $0 { m } else { nil } }
        #expect(value(gauges, "load.1m") == 23.78)
        #expect(value(gauges, "proc.threads") == 285)
        #expect(value(gauges, "proc.running") == 19)
        #expect(value(gauges, "proc.count") == 2, "the numeric folders proc/1 and proc/42")
        #expect(value(gauges, "mem.available_bytes") == Double(22_047_624 * 1024))
        #expect(value(gauges, "fs.open_files") == 3609)
        #expect(value(gauges, "system.uptime_seconds") == 12_048.76)
        #expect(value(gauges, "cpu.busy") == nil)
        let root = [LogField("mount", "/")]
        let total = try #require(value(gauges, "disk.total_bytes", root))
        let used = try #require(value(gauges, "disk.used_bytes", root))
        #expect(total > 0 && used > 0 && used <= total, "statvfs of the real folder under the fixture root")
        #expect(value(gauges, "disk.inodes_total", root).map { $0 > 0 } == true)
        #expect(!gauges.contains { $0.labels.contains(LogField("device", "lo")) })
        #expect(gauges.allSatisfy { $0.time == Timestamp(nanosecondsSinceEpoch: 42) })

        // Second round after the CPU counters moved by 100 jiffies: 40 busy, 50 idle, 10 iowait.
        try tree.write("/proc/stat", MetricsFixtures.procStat.replacingOccurrences(
            of: "cpu  702532 0 90659 1600215 6863 0 1853 3512 0 0", with: "cpu  702562 0 90669 1600265 6873 0 1853 3512 0 0"))
        try tree.write("/proc/net/dev", MetricsFixtures.netDev.replacingOccurrences(of: "eth0: 13404118", with: "eth0: 13405118"))
        _ = await sampler.sampleRound(after: first)
        let second = sink.records.dropFirst(gauges.count).compactMap { if case .metric(let m) = $0 { m } else { nil } }
        #expect(value(second, "cpu.busy") == 0.4)
        #expect(value(second, "cpu.iowait") == 0.1)
        let rx = try #require(value(second, "net.rx_bytes", [LogField("device", "eth0")]))
        #expect(rx > 0, "1000 bytes over the real time between the rounds")
    }

    @Test func missingFilesLeaveTheirMetricsOut() async {
        let sink = InputCollectingSink()
        let sampler = MetricsSampler(options: .init(root: "/nonexistent-iilogs-root"), sink: sink, logger: inputTestLogger)
        await sampler.sampleRound(after: nil)
        #expect(sink.records.isEmpty)
    }

    @Test func readsTheRealProcOfThisMachine() throws {
        let snapshot = ProcReader().snapshot()
        #expect(snapshot.stat != nil)
        #expect(snapshot.meminfo?.totalBytes.map { $0 > 0 } == true)
        #expect(snapshot.filesystems.contains { $0.mountPoint == "/" })
        #expect((snapshot.processCount ?? 0) > 0)
        #expect((snapshot.agentProcess?.residentBytes ?? 0) > 0)
    }

    @Test func agentCountersAsSamples() {
        var counters = AgentCounters()
        counters.recordsRead = 10
        counters.connections = 3
        counters.ackTimeouts = 4
        counters.droppedByReason = ["spool_full": 5, "corrupt": 1]
        counters.spoolBytes = 4096
        let samples = counters.samples(at: time)
        #expect(value(samples, "agent.records_read") == 10)
        #expect(value(samples, "agent.reconnects") == 2)
        #expect(value(samples, "agent.ack_timeouts") == 4)
        #expect(value(samples, "agent.dropped", [LogField("reason", "corrupt")]) == 1)
        #expect(value(samples, "agent.dropped", [LogField("reason", "spool_full")]) == 5)
        #expect(samples.first { $0.name == "agent.spool_bytes" }?.unit == "bytes")
    }

    @Test func settingsValidation() throws {
        var settings = MetricsSettings()
        try settings.validate()
        #expect(MetricsSettings.parseInterval("off") == .some(nil))
        #expect(MetricsSettings.parseInterval("0") == .some(nil))
        #expect(MetricsSettings.parseInterval("30s") == .some(.seconds(30)))
        #expect(MetricsSettings.parseInterval("soon") == nil)
        settings.interval = .milliseconds(10)
        #expect(throws: SettingsError.self) { try settings.validate() }
        settings.interval = nil
        settings.statsdUDP = "8125"
        let error = try #require(throws: SettingsError.self) { try settings.validate() }
        #expect(error.key == "statsd.udp")
        settings.statsdUDP = "127.0.0.1:8125"
        settings.statsdMaxLineBytes = 10
        #expect((try? settings.validate()) == nil)

        // The agent's own validation includes them, naming the key.
        var agent = AgentSettings(collectorHost: "127.0.0.1", collectorPort: 5170,
                                  identity: InstanceIdentity(instanceID: "i", imageVersion: "v", bootID: "b"), spoolDirectory: "/tmp/s")
        try agent.validate()
        agent.metrics.interval = .seconds(7200)
        let agentError = try #require(throws: SettingsError.self) { try agent.validate() }
        #expect(agentError.key == "metrics.interval")
    }
}
