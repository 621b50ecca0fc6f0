import Synchronization

/// The shipper's own counters, readable from any thread.
public final class ShipperCounters: Sendable {
    /// A copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Connections that reached `welcome`.
        public var connections = 0
        /// Connection attempts that failed or connections that broke.
        public var connectionFailures = 0
        /// Refusals received, by reason name.
        public var refusals: [String: Int] = [:]
        /// Batch frames written (resends included).
        public var batchesSent = 0
        /// Acknowledgements received.
        public var acknowledgements = 0
        /// Connections dropped because the collector did not answer within the ack timeout (welcome, ack or write).
        public var ackTimeouts = 0
    }

    private let state = Mutex(Snapshot())

    /// The current values.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0) } }
}
