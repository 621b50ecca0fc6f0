/// The parts of `/proc/stat` the sampler uses: the aggregate CPU jiffies and the runnable/blocked task counts.
///
/// ```
/// cpu  642664 0 79887 1600213 6859 0 1802 2821 0 0     user nice system idle iowait irq softirq steal guest guest_nice
/// procs_running 9
/// procs_blocked 0
/// ```
/// `guest` and `guest_nice` are already included in `user` and `nice`, so they are not added again.
public struct ProcStat: Sendable, Hashable {
    /// Cumulative jiffies of all CPUs since boot, by state.
    public struct CPUTimes: Sendable, Hashable {
        public var user: UInt64 = 0
        public var nice: UInt64 = 0
        public var system: UInt64 = 0
        public var idle: UInt64 = 0
        public var iowait: UInt64 = 0
        public var irq: UInt64 = 0
        public var softirq: UInt64 = 0
        public var steal: UInt64 = 0

        public init(user: UInt64 = 0, nice: UInt64 = 0, system: UInt64 = 0, idle: UInt64 = 0, iowait: UInt64 = 0,
                    irq: UInt64 = 0, softirq: UInt64 = 0, steal: UInt64 = 0) {
            self.user = user
            self.nice = nice
            self.system = system
            self.idle = idle
            self.iowait = iowait
            self.irq = irq
            self.softirq = softirq
            self.steal = steal
        }

        /// Every state together.
        public var total: UInt64 { user &+ nice &+ system &+ idle &+ iowait &+ irq &+ softirq &+ steal }
    }

    /// The `cpu` line (all CPUs together).
    public var cpu: CPUTimes
    /// `cpu0`, `cpu1`, … lines counted: the number of online CPUs.
    public var cpuCount: Int
    /// `procs_running`: tasks runnable now, nil when the line is missing.
    public var procsRunning: Int?
    /// `procs_blocked`: tasks waiting for I/O now, nil when the line is missing.
    public var procsBlocked: Int?

    public init(cpu: CPUTimes, cpuCount: Int = 1, procsRunning: Int? = nil, procsBlocked: Int? = nil) {
        self.cpu = cpu
        self.cpuCount = cpuCount
        self.procsRunning = procsRunning
        self.procsBlocked = procsBlocked
    }

    /// Parses the text of `/proc/stat`; nil without a well-formed `cpu` line (older kernels with fewer
    /// columns are accepted: missing columns are 0).
    public static func parse(_ text: String) -> ProcStat? {
        var cpu: CPUTimes?
        var count = 0
        var running: Int?
        var blocked: Int?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let key = fields.first else { continue }
            if key == "cpu" {
                let values = fields.dropFirst().prefix(8).map { UInt64($0) }
                guard values.count >= 4, values.allSatisfy({ $0 != nil }) else { return nil }
                let v = values.map { $0! } + Array(repeating: 0, count: 8 - values.count)
                cpu = CPUTimes(user: v[0], nice: v[1], system: v[2], idle: v[3], iowait: v[4], irq: v[5], softirq: v[6], steal: v[7])
            } else if key.hasPrefix("cpu") {
                count += 1
            } else if key == "procs_running", fields.count >= 2 {
                running = Int(fields[1])
            } else if key == "procs_blocked", fields.count >= 2 {
                blocked = Int(fields[1])
            }
        }
        guard let cpu else { return nil }
        return ProcStat(cpu: cpu, cpuCount: max(1, count), procsRunning: running, procsBlocked: blocked)
    }
}

/// CPU time fractions between two `/proc/stat` snapshots.
public struct CPUFractions: Sendable, Hashable {
    /// Share of time in any state but idle and iowait, 0–1.
    public var busy: Double
    /// Share of time idle with I/O outstanding, 0–1.
    public var iowait: Double
    /// Share of time the hypervisor ran something else, 0–1.
    public var steal: Double

    public init(busy: Double, iowait: Double, steal: Double) {
        self.busy = busy
        self.iowait = iowait
        self.steal = steal
    }

    /// The fractions from `earlier` to `later`; nil when no time passed or the counters went backwards
    /// (a wrap or a CPU going offline).
    public init?(from earlier: ProcStat.CPUTimes, to later: ProcStat.CPUTimes) {
        guard later.total > earlier.total, later.idle >= earlier.idle, later.iowait >= earlier.iowait,
              later.steal >= earlier.steal else { return nil }
        let total = Double(later.total - earlier.total)
        let idle = Double(later.idle - earlier.idle)
        let iowait = Double(later.iowait - earlier.iowait)
        let steal = Double(later.steal - earlier.steal)
        self.busy = min(1, max(0, (total - idle - iowait) / total))
        self.iowait = min(1, iowait / total)
        self.steal = min(1, steal / total)
    }
}
