import IILogsAgent
import Testing

@Suite("Metrics parsers")
struct MetricsParserTests {
    @Test func procStatFromTheCapturedFixture() throws {
        let stat = try #require(ProcStat.parse(MetricsFixtures.procStat))
        #expect(stat.cpu == ProcStat.CPUTimes(user: 702_532, nice: 0, system: 90_659, idle: 1_600_215, iowait: 6_863, irq: 0,
                                               softirq: 1_853, steal: 3_512))
        #expect(stat.cpuCount == 2)
        #expect(stat.procsRunning == 19)
        #expect(stat.procsBlocked == 0)
    }

    @Test func procStatEdgeCases() {
        #expect(ProcStat.parse("") == nil)
        #expect(ProcStat.parse("cpu0 1 2 3 4\n") == nil, "no aggregate line")
        #expect(ProcStat.parse("cpu  1 2 x 4 5\n") == nil, "a column that is not a number")
        #expect(ProcStat.parse("cpu  1 2\n") == nil, "fewer than four columns")
        // An old kernel with only user nice system idle: the rest are 0.
        let old = ProcStat.parse("cpu  10 20 30 40\ncpu0 10 20 30 40\n")
        #expect(old?.cpu == ProcStat.CPUTimes(user: 10, nice: 20, system: 30, idle: 40))
        #expect(old?.procsRunning == nil)
    }

    @Test func cpuFractionsFromTwoSnapshotsAreExact() throws {
        // 1000 jiffies pass: 600 busy (user 300, system 200, softirq 50, steal 50), 300 idle, 100 iowait.
        let before = ProcStat.CPUTimes(user: 1000, nice: 0, system: 500, idle: 8000, iowait: 200, irq: 0, softirq: 100, steal: 200)
        let after = ProcStat.CPUTimes(user: 1300, nice: 0, system: 700, idle: 8300, iowait: 300, irq: 0, softirq: 150, steal: 250)
        let fractions = try #require(CPUFractions(from: before, to: after))
        #expect(fractions.busy == 0.6)
        #expect(fractions.iowait == 0.1)
        #expect(fractions.steal == 0.05)
        #expect(CPUFractions(from: after, to: after) == nil, "no time passed")
        #expect(CPUFractions(from: after, to: before) == nil, "counters went backwards")
    }

    @Test func loadavg() throws {
        let load = try #require(Loadavg.parse(MetricsFixtures.loadavg))
        #expect(load == Loadavg(one: 23.78, five: 16.73, fifteen: 7.76, runnable: 19, threads: 285))
        #expect(Loadavg.parse("0.00 0.01 0.05 1/80 1\n") == Loadavg(one: 0, five: 0.01, fifteen: 0.05, runnable: 1, threads: 80))
        #expect(Loadavg.parse("0.1 0.2 0.3") == nil)
        #expect(Loadavg.parse("0.1 0.2 nan 1/2 3") == nil)
        #expect(Loadavg.parse("a b c d") == nil)
    }

    @Test func meminfo() {
        let memory = Meminfo.parse(MetricsFixtures.meminfo)
        #expect(memory.totalBytes == 24_683_656 * 1024)
        #expect(memory.availableBytes == 22_047_624 * 1024)
        #expect(memory.usedBytes == (24_683_656 - 22_047_624) * 1024)
        #expect(memory.swapTotalBytes == 0)
        #expect(memory.swapUsedBytes == 0)
        #expect(memory.values["HugePages_Total"] == 0, "a value without unit is kept as it is")
        // Kernels before 3.14 have no MemAvailable: free + buffers + cached.
        let old = Meminfo.parse("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 30 kB\nSwapTotal: 50 kB\nSwapFree: 10 kB\ngarbage\nX: y kB\n")
        #expect(old.availableBytes == 150 * 1024)
        #expect(old.usedBytes == 850 * 1024)
        #expect(old.swapUsedBytes == 40 * 1024)
        #expect(old.values.count == 6)
    }

    @Test func mountsKeepOnlyDiskFileSystems() {
        let mounts = Mount.parse(MetricsFixtures.mounts)
        #expect(mounts.count == 20)
        #expect(Mount.reportable(mounts) == [Mount(device: "/dev/vda", mountPoint: "/", fileSystemType: "ext4")])
    }

    @Test func mountsEdgeCases() {
        let text = #"""
        /dev/sda1 / ext4 rw 0 0
        /dev/sda1 /srv/bind ext4 rw 0 0
        /dev/sdb1 /mnt/my\040disk xfs rw 0 0
        overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0
        server:/export /mnt/nfs nfs4 rw 0 0
        tmpfs /run tmpfs rw 0 0
        /dev/loop0 /snap/core/1 squashfs ro 0 0
        /dev/sdc1 /data ext4 rw 0 0
        /dev/sdd1 /data ext4 rw 0 0
        broken-line
        """#
        let reportable = Mount.reportable(Mount.parse(text))
        #expect(reportable.map(\.mountPoint) == ["/", "/mnt/my disk", "/mnt/nfs", "/data"])
        #expect(reportable.last?.device == "/dev/sdd1", "the mount on top wins")
        let overlayRoot = Mount.reportable(Mount.parse("overlay / overlay rw 0 0\n"))
        #expect(overlayRoot.map(\.mountPoint) == ["/"], "an overlay root is where an immutable image writes")
    }

    @Test func diskstatsKeepWholeDisks() {
        let disks = DiskIO.parse(MetricsFixtures.diskstats)
        #expect(disks.count == 10)
        #expect(DiskIO.reportable(disks) == [DiskIO(device: "vda", readBytes: 26_061_298 * 512, writtenBytes: 48_632_600 * 512,
                                                    ioMilliseconds: 150_844)])
        let text = """
           8       0 sda 10 0 100 0 20 0 200 0 0 5 0
           8       1 sda1 10 0 100 0 20 0 200 0 0 5 0
         259       0 nvme0n1 1 0 8 0 2 0 16 0 0 7 0 0 0 0 0 0 0
         259       1 nvme0n1p1 1 0 8 0 2 0 16 0 0 7 0 0 0 0 0 0 0
         253       0 dm-0 1 0 8 0 2 0 16 0 0 7 0
           9       0 md0 1 0 8 0 2 0 16 0 0 7 0
           1       0 short 1 2
        """
        #expect(DiskIO.reportable(DiskIO.parse(text)).map(\.device) == ["sda", "nvme0n1", "md0"])
        #expect(DiskIO.parse(text).first?.writtenBytes == 200 * 512)
    }

    @Test func netDevSkipsLoopbackAndVirtualInterfaces() {
        let interfaces = NetInterfaceCounters.parse(MetricsFixtures.netDev)
        #expect(interfaces.map(\.interface) == ["lo", "ifb0", "ifb1", "eth0"])
        #expect(NetInterfaceCounters.reportable(interfaces) == [
            NetInterfaceCounters(interface: "eth0", rxBytes: 13_404_118, rxPackets: 622, rxErrors: 0, rxDropped: 0,
                                 txBytes: 42_951, txPackets: 555, txErrors: 0, txDropped: 0),
        ])
        let text = """
        Inter-|   Receive
         face |bytes
        veth12ab: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0
        docker0: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0
          wg0: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0
        ens5:100 2 3 4 0 0 0 0 500 6 7 8 0 0 0 0
         bad: 1 2 3
        """
        let parsed = NetInterfaceCounters.reportable(NetInterfaceCounters.parse(text))
        #expect(parsed.map(\.interface) == ["wg0", "ens5"])
        #expect(parsed.last?.rxBytes == 100, "no space after the colon on long counters")
        #expect(parsed.last?.txErrors == 7)
        #expect(parsed.last?.txDropped == 8)
    }

    @Test func fileNrUptimeAndProcessStatus() {
        #expect(FileNr.parse(MetricsFixtures.fileNr) == FileNr(open: 3609, maximum: 2_466_174))
        #expect(FileNr.parse("100 20 500\n") == FileNr(open: 80, maximum: 500))
        #expect(FileNr.parse("1 2") == nil)
        #expect(SystemUptime.parse(MetricsFixtures.uptime) == .seconds(12_048) + .milliseconds(760))
        #expect(ProcessStatus.cpuTicks(stat: MetricsFixtures.selfStat) == 6)
        // A command name with spaces and parentheses.
        let oddName = "7 (a) b) (c) S 1 7 7 0 -1 0 0 0 0 0 250 50 0 0 20 0 1 0 5 0 0"
        let oddTicks = ProcessStatus.cpuTicks(stat: oddName)
        #expect(oddTicks == 300)
        #expect(ProcessStatus.cpuTicks(stat: "7 (x) S 1") == nil)
        #expect(ProcessStatus.residentBytes(status: MetricsFixtures.selfStatus).map { $0 > 0 && $0 % 1024 == 0 } == true)
        #expect(ProcessStatus.residentBytes(status: "Name:\tx\nVmRSS:\t  2048 kB\n") == 2048 * 1024)
    }
}
