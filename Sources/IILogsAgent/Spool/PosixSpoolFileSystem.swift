#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``SpoolFileSystem`` over POSIX calls: open/write/fsync/pread/rename, no Foundation.
public struct PosixSpoolFileSystem: SpoolFileSystem {
    /// Creates the real file system.
    public init() {}

    private func failure(_ call: String, _ path: String) -> SpoolError {
        let code = errno
        return SpoolError(.io, "\(call) \(path) failed: \(String(cString: strerror(code))) (errno \(code))")
    }

    public func createDirectory(_ path: String) throws(SpoolError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o750) != 0 && errno != EEXIST { throw failure("mkdir", current) }
        }
    }

    public func listDirectory(_ path: String) throws(SpoolError) -> [String] {
        guard let dir = opendir(path) else { throw failure("opendir", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func readFile(_ path: String) throws(SpoolError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("open", path)
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    public func read(_ path: String, offset: Int, length: Int) throws(SpoolError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, length - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("pread", path)
            }
            if n == 0 { break }
            done += n
        }
        buffer.removeLast(length - done)
        return buffer
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(SpoolError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            done += n
        }
    }

    private func syncDirectory(of path: String) throws(SpoolError) {
        let dir = path.spoolParentDirectory
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", dir) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw failure("fsync", dir) }
    }

    public func append(_ bytes: [UInt8], to path: String, syncDirectory sync: Bool) throws(SpoolError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        try writeAll(fd, bytes, path)
        if fdatasync(fd) != 0 { throw failure("fdatasync", path) }
        if sync { try syncDirectory(of: path) }
    }

    public func writeAtomically(_ bytes: [UInt8], to path: String) throws(SpoolError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw failure("open", temporary) }
        do throws(SpoolError) {
            try writeAll(fd, bytes, temporary)
            if fsync(fd) != 0 { throw failure("fsync", temporary) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        try rename(temporary, to: path)
    }

    public func truncate(_ path: String, to size: Int) throws(SpoolError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        if ftruncate(fd, off_t(size)) != 0 { throw failure("ftruncate", path) }
        if fsync(fd) != 0 { throw failure("fsync", path) }
    }

    public func rename(_ from: String, to: String) throws(SpoolError) {
        if Glibc.rename(from, to) != 0 { throw failure("rename", from + " → " + to) }
        try syncDirectory(of: to)
    }

    public func remove(_ path: String) throws(SpoolError) {
        if unlink(path) != 0 && errno != ENOENT { throw failure("unlink", path) }
    }
}
