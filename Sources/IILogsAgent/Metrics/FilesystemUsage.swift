/// Space and inodes of one mounted file system (from `statvfs(3)`), in `df`'s terms.
public struct FilesystemUsage: Sendable, Hashable {
    /// Size of the file system.
    public var totalBytes: UInt64
    /// Bytes in use: total minus free (reserved blocks count as free, as `df` does for "Used").
    public var usedBytes: UInt64
    /// Bytes an unprivileged process may still write (`f_bavail`).
    public var availableBytes: UInt64
    /// Inodes of the file system (0 on file systems without a fixed inode table, e.g. btrfs).
    public var totalInodes: UInt64
    /// Inodes in use.
    public var usedInodes: UInt64

    public init(totalBytes: UInt64, usedBytes: UInt64, availableBytes: UInt64, totalInodes: UInt64, usedInodes: UInt64) {
        self.totalBytes = totalBytes
        self.usedBytes = usedBytes
        self.availableBytes = availableBytes
        self.totalInodes = totalInodes
        self.usedInodes = usedInodes
    }

    /// From `statvfs` fields: block counts in units of `fragmentSize`.
    public init(fragmentSize: UInt64, blocks: UInt64, freeBlocks: UInt64, availableBlocks: UInt64, files: UInt64, freeFiles: UInt64) {
        let size = max(1, fragmentSize)
        totalBytes = blocks.multipliedReportingOverflow(by: size).partialValue
        usedBytes = (blocks > freeBlocks ? blocks - freeBlocks : 0).multipliedReportingOverflow(by: size).partialValue
        availableBytes = availableBlocks.multipliedReportingOverflow(by: size).partialValue
        totalInodes = files
        usedInodes = files > freeFiles ? files - freeFiles : 0
    }

    /// Used share of the space an unprivileged process sees (used / (used + available)), as `df`'s Use%.
    public var usedFraction: Double? {
        let visible = usedBytes + availableBytes
        return visible > 0 ? Double(usedBytes) / Double(visible) : nil
    }
}
