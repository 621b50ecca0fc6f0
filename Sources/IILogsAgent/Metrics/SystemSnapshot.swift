/// One reading of the system's counters and gauges, parsed; rates and fractions come from two of them.
public struct SystemSnapshot: Sendable {
    public var stat: ProcStat?
    public var loadavg: Loadavg?
    public var meminfo: Meminfo?
    /// Usage of each reportable mount, by mount point, in mount-table order.
    public var filesystems: [(mountPoint: String, usage: FilesystemUsage)]
    public var disks: [DiskIO]
    public var interfaces: [NetInterfaceCounters]
    public var processCount: Int?
    public var fileNr: FileNr?
    public var uptime: Duration?
    /// The agent's own process (`/proc/self`).
    public var agentProcess: ProcessStatus?

    public init(stat: ProcStat? = nil, loadavg: Loadavg? = nil, meminfo: Meminfo? = nil,
                filesystems: [(mountPoint: String, usage: FilesystemUsage)] = [], disks: [DiskIO] = [],
                interfaces: [NetInterfaceCounters] = [], processCount: Int? = nil, fileNr: FileNr? = nil,
                uptime: Duration? = nil, agentProcess: ProcessStatus? = nil) {
        self.stat = stat
        self.loadavg = loadavg
        self.meminfo = meminfo
        self.filesystems = filesystems
        self.disks = disks
        self.interfaces = interfaces
        self.processCount = processCount
        self.fileNr = fileNr
        self.uptime = uptime
        self.agentProcess = agentProcess
    }
}
