#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the outbox and the delivery log need, with errors that name the path.
enum ActionFiles {
    /// Creates `path` and its parents (like `mkdir -p`).
    static func makeDirectory(_ path: String) throws(ActionFileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw ActionFileError(path: prefix, operation: "create folder", code: errno)
            }
            prefix += "/"
        }
    }

    /// The whole file, or nil when it does not exist.
    static func read(_ path: String) throws(ActionFileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw ActionFileError(path: path, operation: "open", code: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc_read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ActionFileError(path: path, operation: "read", code: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Appends `bytes` with one `write` per call (no torn records between writers of this process);
    /// `sync` adds an fsync so the bytes survive power loss.
    static func append(_ bytes: [UInt8], to path: String, sync: Bool) throws(ActionFileError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw ActionFileError(path: path, operation: "open for append", code: errno) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: path)
        if sync && fsync(fd) != 0 { throw ActionFileError(path: path, operation: "fsync", code: errno) }
    }

    /// Replaces `path` atomically with `bytes` (temporary file, fsync, rename).
    static func replace(_ path: String, with bytes: [UInt8]) throws(ActionFileError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw ActionFileError(path: temporary, operation: "create", code: errno) }
        do throws(ActionFileError) {
            try writeAll(fd, bytes, path: temporary)
            if fsync(fd) != 0 { throw ActionFileError(path: temporary, operation: "fsync", code: errno) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 { throw ActionFileError(path: path, operation: "rename", code: errno) }
        syncDirectory(of: path)
    }

    /// fsyncs the folder holding `path` so a rename survives power loss (best effort).
    private static func syncDirectory(of path: String) {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Size in bytes, 0 when missing.
    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Renames, ignoring a missing source.
    static func move(_ from: String, to: String) throws(ActionFileError) {
        if rename(from, to) != 0 && errno != ENOENT { throw ActionFileError(path: from, operation: "rename", code: errno) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ActionFileError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc_write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ActionFileError(path: path, operation: "write", code: errno)
            }
            offset += n
        }
    }
}

#if canImport(Glibc)
private let Glibc_read = Glibc.read
private let Glibc_write = Glibc.write
#elseif canImport(Darwin)
private let Glibc_read = Darwin.read
private let Glibc_write = Darwin.write
#endif

/// A file operation of the webhook outbox or delivery log that failed.
public struct ActionFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32

    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

