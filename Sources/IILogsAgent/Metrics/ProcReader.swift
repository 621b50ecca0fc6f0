#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the `/proc` and `/sys` files the sampler needs, under a root folder: `/` on a real system, a
/// fixture tree in tests, or a host's root mounted into a container (`/host`).
public struct ProcReader: Sendable {
    /// Largest `/proc` file read (mount tables of container hosts can be long).
    public static let maxFileBytes = 1 << 20

    /// The root, without a trailing slash (`""` for `/`).
    public let root: String

    /// A reader under `root` (default `/`).
    public init(root: String = "/") {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// `root` + `path` (`path` starts with `/`).
    public func path(_ path: String) -> String { root + path }

    /// The whole text of `root + path`, nil when missing or unreadable.
    public func text(_ path: String) -> String? {
        SmallFileReader.text(path: self.path(path), limit: Self.maxFileBytes)
    }

    /// Processes: all-digit entries of `/proc`; nil when it cannot be listed.
    public func processCount() -> Int? {
        guard let directory = opendir(path("/proc")) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isPID = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Bool in
                var sawDigit = false
                for byte in raw {
                    if byte == 0 { break }
                    guard byte >= 0x30, byte <= 0x39 else { return false }
                    sawDigit = true
                }
                return sawDigit
            }
            if isPID { count += 1 }
        }
        return count
    }

    /// `statvfs` of `mountPoint` under the root.
    public func filesystemUsage(mountPoint: String) -> FilesystemUsage? {
        FilesystemUsage.of(path: root.isEmpty ? mountPoint : root + mountPoint)
    }

    /// Everything the sampler reports, read now. Files that are missing leave their part nil or empty.
    public func snapshot() -> SystemSnapshot {
        let mounts = text("/proc/mounts").map { Mount.reportable(Mount.parse($0)) } ?? []
        let selfStatus: ProcessStatus? = {
            guard let ticks = text("/proc/self/stat").flatMap(ProcessStatus.cpuTicks(stat:)),
                  let rss = text("/proc/self/status").flatMap(ProcessStatus.residentBytes(status:)) else { return nil }
            return ProcessStatus(cpuTicks: ticks, residentBytes: rss)
        }()
        return SystemSnapshot(
            stat: text("/proc/stat").flatMap(ProcStat.parse),
            loadavg: text("/proc/loadavg").flatMap(Loadavg.parse),
            meminfo: text("/proc/meminfo").map(Meminfo.parse),
            filesystems: mounts.compactMap { mount in filesystemUsage(mountPoint: mount.mountPoint).map { (mount.mountPoint, $0) } },
            disks: text("/proc/diskstats").map { DiskIO.reportable(DiskIO.parse($0)) } ?? [],
            interfaces: text("/proc/net/dev").map { NetInterfaceCounters.reportable(NetInterfaceCounters.parse($0)) } ?? [],
            processCount: processCount(),
            fileNr: text("/proc/sys/fs/file-nr").flatMap(FileNr.parse),
            uptime: text("/proc/uptime").flatMap(SystemUptime.parse),
            agentProcess: selfStatus)
    }
}
