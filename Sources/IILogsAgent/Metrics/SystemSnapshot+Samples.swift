public import IILogsCore

extension SystemSnapshot {
    /// The samples of this snapshot at `time`. Gauges come from this snapshot alone; fractions and rates
    /// (CPU, disk and network I/O, the agent's CPU) need `previous`, taken `elapsed` earlier, and are left
    /// out without it or when a counter went backwards (a reset, a re-created interface). Names, units and
    /// labels are listed in docs/METRICS.md.
    public func samples(at time: Timestamp, previous: SystemSnapshot?, elapsed: Duration) -> [MetricSample] {
        var out: [MetricSample] = []
        func add(_ name: String, _ value: Double, _ unit: String, _ labels: [LogField] = []) {
            out.append(MetricSample(time: time, name: name, value: value, unit: unit, labels: labels))
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rated = previous != nil && seconds > 0

        if let stat {
            if rated, let before = previous?.stat, let fractions = CPUFractions(from: before.cpu, to: stat.cpu) {
                add("cpu.busy", fractions.busy, "ratio")
                add("cpu.iowait", fractions.iowait, "ratio")
                add("cpu.steal", fractions.steal, "ratio")
            }
            add("cpu.count", Double(stat.cpuCount), "count")
            if let running = stat.procsRunning { add("proc.running", Double(running), "count") }
            if let blocked = stat.procsBlocked { add("proc.blocked", Double(blocked), "count") }
        }
        if let loadavg {
            add("load.1m", loadavg.one, "")
            add("load.5m", loadavg.five, "")
            add("load.15m", loadavg.fifteen, "")
            add("proc.threads", Double(loadavg.threads), "count")
        }
        if let processCount { add("proc.count", Double(processCount), "count") }
        if let meminfo {
            if let total = meminfo.totalBytes { add("mem.total_bytes", Double(total), "bytes") }
            if let available = meminfo.availableBytes { add("mem.available_bytes", Double(available), "bytes") }
            if let used = meminfo.usedBytes { add("mem.used_bytes", Double(used), "bytes") }
            if let swapTotal = meminfo.swapTotalBytes { add("mem.swap_total_bytes", Double(swapTotal), "bytes") }
            if let swapUsed = meminfo.swapUsedBytes { add("mem.swap_used_bytes", Double(swapUsed), "bytes") }
        }
        for (mountPoint, usage) in filesystems {
            let labels = [LogField("mount", mountPoint)]
            add("disk.total_bytes", Double(usage.totalBytes), "bytes", labels)
            add("disk.used_bytes", Double(usage.usedBytes), "bytes", labels)
            add("disk.available_bytes", Double(usage.availableBytes), "bytes", labels)
            if let fraction = usage.usedFraction { add("disk.used_fraction", fraction, "ratio", labels) }
            if usage.totalInodes > 0 {
                add("disk.inodes_total", Double(usage.totalInodes), "count", labels)
                add("disk.inodes_used", Double(usage.usedInodes), "count", labels)
            }
        }
        if rated, let previous {
            let earlierDisks = Dictionary(previous.disks.map { ($0.device, $0) }, uniquingKeysWith: { first, _ in first })
            for disk in disks {
                guard let before = earlierDisks[disk.device], disk.readBytes >= before.readBytes, disk.writtenBytes >= before.writtenBytes,
                      disk.ioMilliseconds >= before.ioMilliseconds else { continue }
                let labels = [LogField("device", disk.device)]
                add("disk.read_bytes", Double(disk.readBytes - before.readBytes) / seconds, "bytes/s", labels)
                add("disk.write_bytes", Double(disk.writtenBytes - before.writtenBytes) / seconds, "bytes/s", labels)
                add("disk.busy", min(1, Double(disk.ioMilliseconds - before.ioMilliseconds) / 1000 / seconds), "ratio", labels)
            }
            let earlierInterfaces = Dictionary(previous.interfaces.map { ($0.interface, $0) }, uniquingKeysWith: { first, _ in first })
            for counters in interfaces {
                guard let before = earlierInterfaces[counters.interface], let delta = counters.delta(since: before) else { continue }
                let labels = [LogField("device", counters.interface)]
                add("net.rx_bytes", Double(delta.rxBytes) / seconds, "bytes/s", labels)
                add("net.tx_bytes", Double(delta.txBytes) / seconds, "bytes/s", labels)
                add("net.rx_errors", Double(delta.rxErrors), "count", labels)
                add("net.tx_errors", Double(delta.txErrors), "count", labels)
                add("net.rx_dropped", Double(delta.rxDropped), "count", labels)
                add("net.tx_dropped", Double(delta.txDropped), "count", labels)
            }
        }
        if let fileNr {
            add("fs.open_files", Double(fileNr.open), "count")
            add("fs.open_files_max", Double(fileNr.maximum), "count")
        }
        if let uptime {
            add("system.uptime_seconds", Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18, "seconds")
        }
        if let agentProcess {
            add("agent.rss_bytes", Double(agentProcess.residentBytes), "bytes")
            if rated, let before = previous?.agentProcess, agentProcess.cpuTicks >= before.cpuTicks {
                let cpuSeconds = Double(agentProcess.cpuTicks - before.cpuTicks) / Double(ProcessStatus.ticksPerSecond)
                add("agent.cpu", cpuSeconds / seconds, "ratio")
            }
        }
        return out
    }
}

extension NetInterfaceCounters {
    /// The counters' growth since `earlier`; nil when any went backwards.
    func delta(since earlier: NetInterfaceCounters) -> NetInterfaceCounters? {
        guard rxBytes >= earlier.rxBytes, txBytes >= earlier.txBytes, rxErrors >= earlier.rxErrors, txErrors >= earlier.txErrors,
              rxDropped >= earlier.rxDropped, txDropped >= earlier.txDropped, rxPackets >= earlier.rxPackets,
              txPackets >= earlier.txPackets else { return nil }
        return NetInterfaceCounters(interface: interface, rxBytes: rxBytes - earlier.rxBytes, rxPackets: rxPackets - earlier.rxPackets,
                                    rxErrors: rxErrors - earlier.rxErrors, rxDropped: rxDropped - earlier.rxDropped,
                                    txBytes: txBytes - earlier.txBytes, txPackets: txPackets - earlier.txPackets,
                                    txErrors: txErrors - earlier.txErrors, txDropped: txDropped - earlier.txDropped)
    }
}
