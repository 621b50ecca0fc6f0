import IILogsCore

/// The shipper's connection logic as pure transitions that return actions (cf. postgres-nio's
/// `ConnectionStateMachine`); ``Shipper`` performs the actions and feeds events back.
///
/// ```
///  disconnected ──start/backoffElapsed──▶ connecting ──connected──▶ handshaking ──welcome──▶ streaming
///       ▲                                    │                          │                      │ ▲ ack / appended
///       └──────── connectFailed / refused / connectionClosed ──────────┴──────────────────────┘ └─┘
///  streaming ──beginDraining──▶ draining ──everything acked──▶ stopped      (shutdown: any ──▶ stopped)
///  handshaking, streaming, draining ──deadlinePassed / writeStalled──▶ disconnected (``Action/timedOut(_:attempt:)``)
/// ```
/// Sequences are sent in order with at most `maxInFlight` unacknowledged on the connection; each new
/// connection restarts from the spool's acknowledged sequence (or the collector's `lastStoredSequence`
/// if higher), so unacknowledged entries are resent and the collector dedupes them.
///
/// The collector must answer within `ackTimeout` (``replyDeadline``): the welcome after hello, and
/// while entries are in flight, the next ack. A link that turns into a black hole (open, but no byte
/// moves) is thus dropped and reconnected instead of waiting minutes for TCP to give up. Instants are
/// passed in, so the machine stays free of clocks.
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
        /// The collector did not answer within `ackTimeout`: log what was awaited, count it, close the
        /// connection, then back off as ``reconnectAfterBackoff(attempt:maximum:)`` (not the maximum).
        case timedOut(Awaited, attempt: Int)
        /// Close the connection and stop: draining finished or shutdown.
        case stop
        /// Nothing to do.
        case none
    }

    /// What the shipper was waiting for when ``Action/timedOut(_:attempt:)`` was returned.
    public enum Awaited: Sendable, Hashable {
        /// The welcome after hello.
        case welcome
        /// The ack of this sequence, the oldest sent on the connection and not acknowledged.
        case acknowledgement(oldestUnacknowledged: UInt64)
        /// Room to write: the connection's buffers stayed full (`oldestUnacknowledged` if entries were in flight).
        case write(oldestUnacknowledged: UInt64?)
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
    /// Longest wait for the collector's welcome, or for the next ack while entries are in flight.
    public let ackTimeout: Duration
    /// When the awaited welcome or ack is due; nil when nothing is awaited.
    public internal(set) var replyDeadline: ContinuousClock.Instant?

    /// Creates a machine in `disconnected`.
    public init(maxInFlight: Int, ackTimeout: Duration = .seconds(60)) {
        self.maxInFlight = max(1, maxInFlight)
        self.ackTimeout = ackTimeout
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

    /// The TCP connection is open; `acknowledgedSequence` is the spool's. The welcome is due `ackTimeout` after `now`.
    public mutating func connected(acknowledgedSequence: UInt64, now: ContinuousClock.Instant = .now) -> Action {
        guard case .connecting(let failures) = state else { return .none }
        state = .handshaking(failures: failures)
        cursor = acknowledgedSequence
        inFlight = []
        replyDeadline = now + ackTimeout
        return .sendHello(lastAcknowledged: acknowledgedSequence)
    }

    /// The connection could not be opened.
    public mutating func connectFailed() -> Action {
        guard case .connecting(let failures) = state else { return .none }
        state = .disconnected(failures: failures + 1)
        return .reconnectAfterBackoff(attempt: failures, maximum: false)
    }
}
