#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bound unix datagram socket read with blocking `recv(2)` calls (on a dedicated thread).
///
/// NIO's `DatagramChannel` cannot serve a `/dev/log`-style socket: programs logging through glibc's
/// `syslog(3)` send from *unbound* sockets, for which the kernel reports no sender address, and NIO
/// fails each such read with `SocketAddressError.unsupported`. This type reads without asking for
/// the sender, and `MSG_TRUNC` reports each datagram's real length, so truncation is known exactly.
final class UnixDatagramSocket: Sendable {
    /// One received datagram: at most the buffer size, and whether it was longer.
    struct Datagram: Sendable {
        var bytes: [UInt8]
        var truncated: Bool
    }

    let path: String
    private let descriptor: CInt

    /// Removes a stale socket file at `path` (only if it is a socket), binds, and sets `permissions`.
    init(bindingTo path: String, permissions: mode_t, receiveTimeout: Duration) throws(PosixError) {
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK { _ = unlink(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw PosixError(operation: "bind (path longer than sun_path)", path: path, code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw PosixError(operation: "socket", path: path, code: errno) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            _ = close(fd)
            throw PosixError(operation: "bind", path: path, code: code)
        }
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        guard chmod(path, permissions) == 0,
              setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            let code = errno
            _ = close(fd)
            _ = unlink(path)
            throw PosixError(operation: "chmod/setsockopt", path: path, code: code)
        }
        self.path = path
        self.descriptor = fd
    }

    /// Waits up to the receive timeout for a datagram, then takes those already queued, at most
    /// `maxDatagrams`; each cut to `maxBytes`. Empty when the timeout passed with nothing.
    func receive(maxDatagrams: Int, maxBytes: Int) throws(PosixError) -> [Datagram] {
        var datagrams: [Datagram] = []
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        while datagrams.count < maxDatagrams {
            let flags = MSG_TRUNC | (datagrams.isEmpty ? 0 : MSG_DONTWAIT)
            let length = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(flags)) }
            if length < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { break }
                throw PosixError(operation: "recv", path: path, code: code)
            }
            datagrams.append(Datagram(bytes: Array(buffer[..<min(length, maxBytes)]), truncated: length > maxBytes))
        }
        return datagrams
    }

    /// Closes the socket and removes its file; only once no `receive` is running.
    func closeAndRemove() {
        _ = close(descriptor)
        _ = unlink(path)
    }
}
