import Synchronization

/// Counters of a syslog listener, readable from any task. Nothing is dropped silently: a message that
/// cannot be parsed is still recorded (raw text) and counted in ``Snapshot/parseErrors``.
public final class SyslogInputStats: Sendable {
    private let counters = Mutex(Snapshot())

    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Messages received (datagrams, or framed messages on TCP).
        public var received = 0
        /// Messages that did not parse as syslog, kept with their raw text as message.
        public var parseErrors = 0
        /// Messages cut at `maxMessageBytes` (marked with the field `truncated=true`).
        public var truncated = 0
        /// TCP connections closed because their stream could not be framed (e.g. an octet count over the limit).
        public var framingErrors = 0
        /// TCP connections accepted.
        public var connectionsAccepted = 0
        /// TCP connections closed at once because `maxConnections` were open.
        public var connectionsRefused = 0
        /// TCP connections open now.
        public var activeConnections = 0
        /// The UDP port actually bound (useful with port 0), nil until bound.
        public var udpPort: Int?
        /// The TCP port actually bound, nil until bound.
        public var tcpPort: Int?
        /// True once the unix datagram socket is bound and its permissions set.
        public var socketBound = false
    }

    public init() {}

    /// The current counters.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    func update<T>(_ body: (inout Snapshot) -> T) -> T {
        counters.withLock { body(&$0) }
    }
}
