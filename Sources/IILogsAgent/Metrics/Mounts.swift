/// `/proc/mounts` (same format as `/proc/self/mounts`): `device mountpoint fstype options 0 0`, with
/// spaces, tabs, newlines and backslashes in paths written as octal escapes (`\040`).
public struct Mount: Sendable, Hashable {
    public var device: String
    public var mountPoint: String
    public var fileSystemType: String

    public init(device: String, mountPoint: String, fileSystemType: String) {
        self.device = device
        self.mountPoint = mountPoint
        self.fileSystemType = fileSystemType
    }

    /// File system types that hold no disk data of the instance: kernel interfaces, memory-backed
    /// (tmpfs, ramfs: counted under `mem.*`), cgroups, read-only images (squashfs: always full), autofs
    /// placeholders and container layers. An `overlay` is reported only when mounted at `/` (an
    /// overlay root on an immutable image is where writes land; Docker's per-container overlays are not).
    public static let pseudoFileSystemTypes: Set<String> = [
        "proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "ramfs", "cgroup", "cgroup2", "securityfs", "debugfs",
        "tracefs", "pstore", "bpf", "mqueue", "hugetlbfs", "configfs", "fusectl", "autofs", "binfmt_misc",
        "nsfs", "rpc_pipefs", "efivarfs", "selinuxfs", "squashfs", "iso9660", "nfsd", "fuse.lxcfs",
        "fuse.gvfsd-fuse", "fuse.portal", "zram",
    ]

    /// Parses the text; malformed lines are skipped.
    public static func parse(_ text: String) -> [Mount] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3 else { return nil }
            return Mount(device: unescape(fields[0]), mountPoint: unescape(fields[1]), fileSystemType: String(fields[2]))
        }
    }

    /// The mounts whose disk usage is worth reporting: no pseudo file systems (``pseudoFileSystemTypes``,
    /// overlays except at `/`), each mount point once (the last mount on top wins), each device once (bind
    /// mounts of one device are reported at their first mount point).
    public static func reportable(_ mounts: [Mount]) -> [Mount] {
        var lastIndexByPoint: [String: Int] = [:]
        for (index, mount) in mounts.enumerated() { lastIndexByPoint[mount.mountPoint] = index }
        var seenDevices: Set<String> = []
        var result: [Mount] = []
        for (index, mount) in mounts.enumerated() where lastIndexByPoint[mount.mountPoint] == index {
            if pseudoFileSystemTypes.contains(mount.fileSystemType) { continue }
            if mount.fileSystemType == "overlay", mount.mountPoint != "/" { continue }
            if !mount.device.hasPrefix("/") || mount.fileSystemType == "overlay" {
                // Devices without a path (`none`, `server:/export`) are reported once per mount point.
                result.append(mount)
                continue
            }
            guard seenDevices.insert(mount.device).inserted else { continue }
            result.append(mount)
        }
        return result
    }

    /// Decodes `\NNN` octal escapes.
    static func unescape(_ field: Substring) -> String {
        guard field.utf8.contains(UInt8(ascii: "\\")) else { return String(field) }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0x5C, i + 3 < utf8.count {
                let digits = utf8[(i + 1)...(i + 3)]
                if digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) {
                    let value = digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }
                    if value <= 255 {
                        bytes.append(UInt8(value))
                        i += 4
                        continue
                    }
                }
            }
            bytes.append(utf8[i])
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
