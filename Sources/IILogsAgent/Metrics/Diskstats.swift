/// `/proc/diskstats`: one line per block device,
/// `major minor name reads merged sectorsRead msReading writes merged sectorsWritten msWriting inFlight msDoingIO …`.
/// Sectors are always 512 bytes here, whatever the device's sector size.
public struct DiskIO: Sendable, Hashable {
    public var device: String
    public var readBytes: UInt64
    public var writtenBytes: UInt64
    /// Milliseconds the device had I/O in flight (field 10 of the counters).
    public var ioMilliseconds: UInt64

    public init(device: String, readBytes: UInt64, writtenBytes: UInt64, ioMilliseconds: UInt64) {
        self.device = device
        self.readBytes = readBytes
        self.writtenBytes = writtenBytes
        self.ioMilliseconds = ioMilliseconds
    }

    /// Name prefixes of devices that are not disks of the instance or double-count one: loop devices
    /// (snaps, images), RAM disks, compressed swap in RAM, floppies, optical drives, device-mapper
    /// volumes (their I/O is already counted on the disks below them).
    public static let excludedPrefixes = ["loop", "ram", "zram", "fd", "sr", "dm-"]

    /// Parses the text; malformed lines are skipped.
    public static func parse(_ text: String) -> [DiskIO] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 14, let sectorsRead = UInt64(fields[5]), let sectorsWritten = UInt64(fields[9]),
                  let ioMilliseconds = UInt64(fields[12]) else { return nil }
            return DiskIO(device: String(fields[2]), readBytes: sectorsRead &* 512, writtenBytes: sectorsWritten &* 512,
                          ioMilliseconds: ioMilliseconds)
        }
    }

    /// Whole disks only: no ``excludedPrefixes``, and no partitions — a device whose name is another
    /// listed device's name plus digits (`vda1`, `sda12`) or plus `p` and digits (`nvme0n1p1`, `mmcblk0p2`).
    public static func reportable(_ disks: [DiskIO]) -> [DiskIO] {
        let names = Set(disks.map(\.device))
        return disks.filter { disk in
            if excludedPrefixes.contains(where: { disk.device.hasPrefix($0) }) { return false }
            return !isPartition(disk.device, of: names)
        }
    }

    static func isPartition(_ name: String, of names: Set<String>) -> Bool {
        let digits = name.reversed().prefix(while: { $0.isASCII && $0.isNumber }).count
        guard digits > 0, digits < name.count else { return false }
        var base = String(name.dropLast(digits))
        if names.contains(base) { return true }
        guard base.hasSuffix("p") else { return false }
        base.removeLast()
        return names.contains(base)
    }
}
