#if canImport(Glibc)
import Glibc
#endif

extension SyslogSender {
    /// One UDP datagram to an IPv4 address, sent from `source` (another loopback address such as
    /// 127.0.0.2 is another sender to the collector).
    public static func sendUDP(host: String, port: Int, from source: String, _ message: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw SendError(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var local = try ipv4(source, port: 0)
        let bound = withUnsafePointer(to: &local) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SendError(description: "bind \(source): errno \(errno)") }
        var address = try ipv4(host, port: port)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == bytes.count else { throw SendError(description: "sendto \(host):\(port): errno \(errno)") }
    }

    /// Connects over TCP, writes each chunk with `pause` between them (so the peer reads them apart), and closes.
    public static func sendTCP(host: String, port: Int, chunks: [[UInt8]], pause: Duration) async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SendError(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = try ipv4(host, port: port)
        let connected = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SendError(description: "connect \(host):\(port): errno \(errno)") }
        for (index, chunk) in chunks.enumerated() {
            if index > 0 { try await Task.sleep(for: pause) }
            var offset = 0
            while offset < chunk.count {
                let n = chunk[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                guard n > 0 else { throw SendError(description: "write \(host):\(port): errno \(errno)") }
                offset += n
            }
        }
    }

    private static func ipv4(_ host: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw SendError(description: "not an IPv4 address: \(host)") }
        return address
    }
}
