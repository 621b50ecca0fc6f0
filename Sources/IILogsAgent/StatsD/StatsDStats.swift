import Synchronization

/// Counters of the StatsD listener, readable from any task. Every refused line is counted by reason.
public final class StatsDStats: Sendable {
    private let counters = Mutex(Snapshot())

    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Datagrams received (UDP and unix socket).
        public var datagrams = 0
        /// Datagrams longer than `statsd.maxDatagramBytes`, cut (their last line is usually refused).
        public var truncatedDatagrams = 0
        /// Metric lines aggregated.
        public var metricLines = 0
        /// Event lines recorded.
        public var events = 0
        /// Refused lines by ``StatsDParseError/reason``.
        public var parseErrors: [String: Int] = [:]
        /// Updates dropped because `statsd.maxNamesPerInterval` series were already updated in the interval.
        public var droppedTooManyNames = 0
        /// Flushes done.
        public var flushes = 0
        /// The UDP port actually bound (useful with port 0), nil until bound.
        public var udpPort: Int?
        /// True once the unix datagram socket is bound.
        public var socketBound = false

        /// All refused lines and dropped updates.
        public var dropped: Int { parseErrors.values.reduce(0, +) + droppedTooManyNames }
    }

    public init() {}

    /// The current counters.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    func update<T>(_ body: (inout Snapshot) -> T) -> T {
        counters.withLock { body(&$0) }
    }
}
