/// CPU time and resident memory of one process, from `/proc/PID/stat` and `/proc/PID/status`
/// (the agent's own figures, and the benchmark's measure of an agent process).
public struct ProcessStatus: Sendable, Hashable {
    /// Clock ticks (`USER_HZ`, 100 on Linux) the process spent in user and kernel mode.
    public var cpuTicks: UInt64
    /// `VmRSS`: resident set size in bytes.
    public var residentBytes: UInt64

    public init(cpuTicks: UInt64, residentBytes: UInt64) {
        self.cpuTicks = cpuTicks
        self.residentBytes = residentBytes
    }

    /// `USER_HZ`: the unit of the times in `/proc/PID/stat` (fixed at 100 on Linux for user space).
    public static let ticksPerSecond = 100

    /// `utime + stime` (fields 14 and 15) from `/proc/PID/stat`. The command name (field 2) is in
    /// parentheses and may contain spaces and parentheses, so fields are counted after the last `)`.
    public static func cpuTicks(stat text: String) -> UInt64? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // After the name: state(3) ppid(4) … utime(14) stime(15), so utime is the 12th field here.
        guard fields.count >= 13, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return user + system
    }

    /// `VmRSS` from `/proc/PID/status`, in bytes.
    public static func residentBytes(status text: String) -> UInt64? {
        Meminfo.parse(text).values["VmRSS"]
    }
}
