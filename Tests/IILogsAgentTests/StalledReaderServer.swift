import Foundation
import IILogsCore
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A collector that welcomes each connection, then never reads from it again (a hung peer): the agent's
/// writes fill the socket buffers and then wait. Plain POSIX sockets and a thread on 127.0.0.1, port 0; the
/// receive buffer is kept small so few bytes are needed to fill it.
final class StalledReaderServer: Sendable {
    let port: Int
    private let stopped = Mutex(false)
    private let accepted = Mutex<[Int32]>([])

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var small: Int32 = 4096
        setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { s in
                bind(listener, s, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, s, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw ListenError(description: "stalled reader server: cannot listen on 127.0.0.1:0, errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serve(listener) }.start()
    }

    struct ListenError: Error, CustomStringConvertible {
        var description: String
    }

    /// Stops accepting and closes every connection (within ~100 ms).
    func stop() {
        stopped.withLock { $0 = true }
    }

    private func serve(_ listener: Int32) {
        defer {
            close(listener)
            for fd in accepted.withLock({ $0 }) { close(fd) }
        }
        let welcome = WireCodec.encodedFrame(.welcome(Welcome(collectorVersion: "stalled", lastStoredSequence: 0, maxFrameBytes: 8 << 20)))
        while !stopped.withLock({ $0 }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            accepted.withLock { $0.append(client) }
            // The hello comes first and alone (the agent waits for the welcome before sending batches).
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            _ = welcome.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }
}

/// Every message logged through ``logger``, for tests that look for one.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }
    var logger: Logger { Logger(label: "test") { _ in CapturingLogHandler(logs: self) } }
    func append(_ message: String) { lines.withLock { $0.append(message) } }
}

private struct CapturingLogHandler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append(event.message.description)
    }
}
