import IILogsCore

/// The shipper's connection logic as pure transitions that return actions (cf. postgres-nio's
/// `ConnectionStateMachine`); ``Shipper`` performs the actions and feeds events back.
///
/// ```
///  disconnected ──start/backoffElapsed──▶ connecting ──connected──▶ handshaking ──welcome──▶ streaming
///       ▲                                    │                          │                      │ ▲ ack / appended
///       └──────── connectFailed / refused / connectionClosed ──────────┴──────────────────────┘ └─┘
///  streaming ──beginDraining──▶ draining ──everything acked──▶ stopped      (shutdown: any ──▶ stopped)
/// ```
/// Sequences are sent in order with at most `maxInFlight` unacknowledged on the connection; each new
/// connection restarts from the spool's acknowledged sequence (or the collector's `lastStoredSequence`
/// if higher), so unacknowledged entries are resent and the collector dedupes them.
public struct ShipperStateMachine: Sendable {
    /// Where the connection is.
    public enum State: Sendable, Hashable {
        case disconnected(failures: Int)
        case connecting(failures: Int)
        case handshaking(failures: Int)
        case streaming
        case draining(through: UInt64)
        case stopped
    }

    /// What the shipper must do next.
    public enum Action: Sendable, Hashable {
        /// Open a TCP connection to the collector.
        case connect
        /// Send hello carrying the spool's acknowledged sequence.
        case sendHello(lastAcknowledged: UInt64)
        /// Mark every spool entry up to this sequence acknowledged (the collector already stores them).
        case acknowledgeThrough(UInt64)
        /// Mark this one entry acknowledged.
        case acknowledge(UInt64)
        /// Read up to `maxCount` unacknowledged entries after `after` from the spool and send them, then call ``sent(_:)``.
        case sendEntries(after: UInt64, maxCount: Int)
        /// Send a ping (the connection was idle).
        case sendPing
        /// Close the connection, then wait `attempt`'s backoff (or the maximum) and call ``backoffElapsed()``.
        case reconnectAfterBackoff(attempt: Int, maximum: Bool)
        /// Close the connection and stop: draining finished or shutdown.
        case stop
        /// Nothing to do.
        case none
    }

    /// The current state.
    public internal(set) var state: State = .disconnected(failures: 0)
    /// Largest number of sent, unacknowledged entries on one connection.
    public let maxInFlight: Int
    /// The highest sequence sent (or known stored) on the current connection.
    public internal(set) var cursor: UInt64 = 0
    /// Sequences sent on this connection and not yet acknowledged.
    public internal(set) var inFlight: Set<UInt64> = []
    /// Set by ``beginDraining(through:spoolAcknowledged:)``: stop once the spool is acknowledged through it.
    public internal(set) var drainTarget: UInt64?

    /// Creates a machine in `disconnected`.
    public init(maxInFlight: Int) {
        self.maxInFlight = max(1, maxInFlight)
    }

    var failures: Int {
        switch state {
        case .disconnected(let f), .connecting(let f), .handshaking(let f): f
        case .streaming, .draining, .stopped: 0
        }
    }


    /// Begins the first connection attempt.
    public mutating func start() -> Action {
        guard case .disconnected(let failures) = state else { return .none }
        state = .connecting(failures: failures)
        return .connect
    }

    /// The backoff wait ended.
    public mutating func backoffElapsed() -> Action { start() }

    /// The TCP connection is open; `acknowledgedSequence` is the spool's.
    public mutating func connected(acknowledgedSequence: UInt64) -> Action {
        guard case .connecting(let failures) = state else { return .none }
        state = .handshaking(failures: failures)
        cursor = acknowledgedSequence
        inFlight = []
        return .sendHello(lastAcknowledged: acknowledgedSequence)
    }

    /// The connection could not be opened.
    public mutating func connectFailed() -> Action {
        guard case .connecting(let failures) = state else { return .none }
        state = .disconnected(failures: failures + 1)
        return .reconnectAfterBackoff(attempt: failures, maximum: false)
    }
}
