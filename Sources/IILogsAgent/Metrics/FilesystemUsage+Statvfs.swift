#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FilesystemUsage {
    /// `statvfs(path)`; nil when the call fails (the mount vanished, permission denied).
    public static func of(path: String) -> FilesystemUsage? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return FilesystemUsage(fragmentSize: UInt64(info.f_frsize), blocks: UInt64(info.f_blocks), freeBlocks: UInt64(info.f_bfree),
                               availableBlocks: UInt64(info.f_bavail), files: UInt64(info.f_files), freeFiles: UInt64(info.f_ffree))
    }
}
