import IILogsCore
public import Logging
import NIOPosix
public import ServiceLifecycle

/// Listens on a unix datagram socket (`/dev/log` style) for syslog messages: a `Service`.
///
/// A stale socket file at the path is removed first (a file that is not a socket is left alone and
/// binding fails); the socket is made `permissions` (default 0666) so any local program can log; it is
/// removed again when the service stops. One datagram is one message (RFC 5424 or 3164, as glibc's
/// `syslog(3)` writes them); unparseable ones are kept as raw text and counted. Reads run on a
/// thread of their own (see ``UnixDatagramSocket`` for why not NIO's `DatagramBootstrap`).
public struct SyslogSocketSource: Service {
    /// Default ``maxMessageBytes``: 64 KiB.
    public static let defaultMaxMessageBytes = 64 * 1024
    /// Default ``permissions``: anyone may write.
    public static let defaultPermissions: UInt32 = 0o666
    /// Longest a receive call waits before the loop checks for cancellation and shutdown.
    public static let receiveTimeout: Duration = .milliseconds(200)
    /// Most datagrams taken per receive call.
    public static let maxDatagramsPerReceive = 256

    public let path: String
    public let maxMessageBytes: Int
    public let permissions: UInt32
    /// Counters, for the agent's own metrics.
    public let stats: SyslogInputStats
    private let sink: any RecordSink
    private let logger: Logger

    public init(path: String, maxMessageBytes: Int = Self.defaultMaxMessageBytes, permissions: UInt32 = Self.defaultPermissions,
                sink: any RecordSink, logger: Logger, stats: SyslogInputStats = SyslogInputStats()) {
        self.path = path
        self.maxMessageBytes = max(1, maxMessageBytes)
        self.permissions = permissions
        self.sink = sink
        self.stats = stats
        var logger = logger
        logger[metadataKey: "source"] = "syslog-socket:\(path)"
        self.logger = logger
    }

    /// Binds, then receives until cancelled or until graceful shutdown; a bind failure throws.
    public func run() async throws {
        let socket = try UnixDatagramSocket(bindingTo: path, permissions: mode_t(permissions), receiveTimeout: Self.receiveTimeout)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        stats.update { $0.socketBound = true }
        logger.info("listening for syslog on a unix datagram socket", metadata: ["path": "\(path)"])
        let builder = SyslogRecordBuilder(maxMessageBytes: maxMessageBytes, stats: stats)
        var failure: (any Error)?
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let datagrams: [UnixDatagramSocket.Datagram]
            do {
                datagrams = try await pool.runIfActive { [maxMessageBytes] in
                    try socket.receive(maxDatagrams: Self.maxDatagramsPerReceive, maxBytes: maxMessageBytes)
                }
            } catch is CancellationError {
                break
            } catch {
                failure = error
                break
            }
            for datagram in datagrams {
                let record = builder.record(from: datagram.bytes, receivedAt: .now(), alreadyTruncated: datagram.truncated)
                await sink.submit(.log(record), checkpoint: nil)
            }
        }
        try? await pool.shutdownGracefully()
        socket.closeAndRemove()
        if let failure {
            logger.error("syslog socket failed", metadata: ["error": "\(failure)"])
            throw failure
        }
    }
}
