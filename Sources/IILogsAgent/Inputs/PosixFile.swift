#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's identity and size as `stat(2)` reports them.
struct FileStatus: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: UInt64
    var isRegularFile: Bool

    /// True when both describe the same file (device and inode).
    func isSameFile(as other: FileStatus) -> Bool { device == other.device && inode == other.inode }

    /// True when this file is the one a checkpoint names.
    func isSameFile(as checkpoint: FileTailCheckpoint) -> Bool {
        device == checkpoint.device && inode == checkpoint.inode
    }

    init(device: UInt64, inode: UInt64, size: UInt64, isRegularFile: Bool) {
        self.device = device
        self.inode = inode
        self.size = size
        self.isRegularFile = isRegularFile
    }

    init(_ st: stat) {
        self.init(device: UInt64(truncatingIfNeeded: st.st_dev), inode: UInt64(truncatingIfNeeded: st.st_ino),
                  size: UInt64(max(0, st.st_size)), isRegularFile: (st.st_mode & S_IFMT) == S_IFREG)
    }

    /// `stat(2)` of `path`, following symlinks; nil when it does not exist or cannot be read.
    static func of(path: String) -> FileStatus? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStatus(st)
    }
}

/// A read-only file descriptor, read with `pread(2)` at explicit offsets (no shared seek position).
final class PosixFile {
    let path: String
    private var descriptor: CInt

    /// Opens `path` read-only; nil with `errno` text when it cannot be opened.
    static func open(path: String) -> Result<PosixFile, PosixError> {
        let fd = openReadOnly(path)
        guard fd >= 0 else { return .failure(PosixError(operation: "open", path: path, code: errno)) }
        return .success(PosixFile(path: path, descriptor: fd))
    }

    private init(path: String, descriptor: CInt) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close() }

    /// The open file's identity and current size.
    func status() -> Result<FileStatus, PosixError> {
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { return .failure(PosixError(operation: "fstat", path: path, code: errno)) }
        return .success(FileStatus(st))
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at end of file. Retries on EINTR.
    func read(into buffer: inout [UInt8], at offset: UInt64) -> Result<Int, PosixError> {
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress, raw.count, off_t(truncatingIfNeeded: offset))
            }
            if count >= 0 { return .success(count) }
            if errno == EINTR { continue }
            return .failure(PosixError(operation: "read", path: path, code: errno))
        }
    }

    /// Closes the descriptor (idempotent).
    func close() {
        if descriptor >= 0 {
            closeDescriptor(descriptor)
            descriptor = -1
        }
    }
}

private func openReadOnly(_ path: String) -> CInt { open(path, O_RDONLY | O_CLOEXEC) }
private func closeDescriptor(_ fd: CInt) { _ = close(fd) }

/// Looks in `directory` for an entry that is the file `(device, inode)`: where a rotated file went
/// (logrotate renames `app.log` to `app.log.1` in the same folder). Returns its path or nil.
func findFile(device: UInt64, inode: UInt64, in directory: String) -> String? {
    guard let dir = opendir(directory) else { return nil }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        guard name != ".", name != ".." else { continue }
        let candidate = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        if let status = FileStatus.of(path: candidate), status.device == device, status.inode == inode {
            return candidate
        }
    }
    return nil
}

/// A failed system call on a path, with the C library's explanation.
struct PosixError: Error, Sendable, Hashable, CustomStringConvertible {
    var operation: String
    var path: String
    var code: CInt
    var description: String { "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))" }
}
