import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy that injects network faults between an agent and a collector, for tests.
///
/// It listens on `127.0.0.1` on a kernel-chosen port and forwards every accepted connection to the
/// target port, one thread per direction (plain POSIX sockets: the proxy must keep working while the
/// code under test is the thing being starved). What it can do to the link, at any moment:
/// - ``Mode/forward``: pass bytes as they come (at most ``throttle(bytesPerSecond:)`` bytes per second
///   per direction when a throttle is set, a slow link);
/// - ``Mode/stall``: keep every connection open but move no byte (a black hole: the peers only notice
///   through their own timeouts);
/// - ``Mode/cut``: close every open connection and close new ones as soon as they are accepted (a
///   network cut as the peers see it: resets and failed handshakes), until ``restore()``.
///
/// Every loop polls with a short timeout so ``stop()`` ends all threads within ~100 ms.
public final class FaultProxy: Sendable {
    /// What the proxy does to the link.
    public enum Mode: Sendable, Hashable {
        case forward, stall, cut
    }

    /// What the proxy saw, for the test's report.
    public struct Counters: Sendable, Hashable {
        /// Connections accepted and forwarded.
        public var forwarded = 0
        /// Connections accepted while cut (closed at once) or whose target refused them.
        public var refused = 0
        /// Open connections closed by ``cut()``.
        public var cut = 0
        /// Bytes moved in both directions.
        public var bytes = 0
    }

    private struct Link {
        var client: Int32
        var upstream: Int32
        var pumpsRunning = 2
    }

    private struct State {
        var mode = Mode.forward
        var bytesPerSecond: Int?
        var links: [Int: Link] = [:]
        var nextLinkID = 0
        var counters = Counters()
        var stopped = false
    }

    /// Port the proxy listens on (`127.0.0.1`).
    public let port: Int
    /// `127.0.0.1:PORT` of the proxy, to give the agent as its collector.
    public var address: String { "127.0.0.1:\(port)" }
    private let targetPort: Int
    private let state = Mutex(State())

    /// Starts forwarding `127.0.0.1:<kernel-chosen port>` to `127.0.0.1:targetPort`.
    public init(targetPort: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ProcessRunnerError(message: "fault proxy: socket: errno \(errno)") }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { s in
                bind(listener, s, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, s, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(listener)
            throw ProcessRunnerError(message: "fault proxy: bind/listen on 127.0.0.1:0: errno \(code)")
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.targetPort = targetPort
        Thread { [self] in acceptLoop(listener) }.start()
    }

    /// The current mode.
    public var mode: Mode { state.withLock { $0.mode } }
    /// A snapshot of the counters.
    public var counters: Counters { state.withLock { $0.counters } }
    /// Connections open now.
    public var openConnections: Int { state.withLock { $0.links.count } }

    /// Closes every open connection and refuses new ones until ``restore()``.
    public func cut() {
        state.withLock { s in
            s.mode = .cut
            for (_, link) in s.links {
                shutdown(link.client, Int32(SHUT_RDWR))
                shutdown(link.upstream, Int32(SHUT_RDWR))
                s.counters.cut += 1
            }
        }
    }

    /// Keeps connections open but moves no byte until ``restore()``.
    public func stall() { state.withLock { $0.mode = .stall } }

    /// Back to forwarding (the throttle, if any, stays).
    public func restore() { state.withLock { $0.mode = .forward } }

    /// Limits each direction of each connection to about `bytesPerSecond`; nil removes the limit.
    public func throttle(bytesPerSecond: Int?) { state.withLock { $0.bytesPerSecond = bytesPerSecond.map { max(1, $0) } } }

    /// Stops accepting, closes every connection; threads end within ~100 ms.
    public func stop() {
        state.withLock { s in
            s.stopped = true
            for (_, link) in s.links {
                shutdown(link.client, Int32(SHUT_RDWR))
                shutdown(link.upstream, Int32(SHUT_RDWR))
            }
        }
    }

    private func acceptLoop(_ listener: Int32) {
        defer { close(listener) }
        while !state.withLock({ $0.stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            guard state.withLock({ $0.mode != .cut }), let upstream = connectToTarget() else {
                close(client)
                state.withLock { $0.counters.refused += 1 }
                continue
            }
            let id = state.withLock { s in
                let id = s.nextLinkID
                s.nextLinkID += 1
                s.links[id] = Link(client: client, upstream: upstream)
                s.counters.forwarded += 1
                return id
            }
            Thread { [self] in pump(link: id, from: client, to: upstream) }.start()
            Thread { [self] in pump(link: id, from: upstream, to: client) }.start()
        }
    }

    private func connectToTarget() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = Self.loopback(port: targetPort)
        let connected = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Moves bytes one way until either side ends, the link is cut or the proxy stops.
    private func pump(link id: Int, from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        loop: while true {
            let (mode, rate, stopped) = state.withLock { ($0.mode, $0.bytesPerSecond, $0.stopped) }
            if stopped || mode == .cut { break }
            var poller = pollfd(fd: source, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            if mode == .stall {
                Thread.sleep(forTimeInterval: 0.02)  // leave the bytes in the kernel: the sender's buffers fill up
                continue
            }
            // A slow link moves a twentieth of a second's budget at a time, then waits for it.
            let chunk = rate.map { min(buffer.count, max(1, $0 / 20)) } ?? buffer.count
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, chunk) }
            guard count > 0 else { break }
            var written = 0
            while written < count {
                let n = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + written, count - written, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { break loop }
                written += n
            }
            state.withLock { $0.counters.bytes += count }
            if let rate { Thread.sleep(forTimeInterval: Double(count) / Double(rate)) }
        }
        // Either direction ending ends the whole connection, as a cut or a reset would.
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
        let finished: Link? = state.withLock { s in
            guard var link = s.links[id] else { return nil }
            link.pumpsRunning -= 1
            if link.pumpsRunning == 0 {
                s.links[id] = nil
                return link
            }
            s.links[id] = link
            return nil
        }
        if let finished {
            close(finished.client)
            close(finished.upstream)
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
