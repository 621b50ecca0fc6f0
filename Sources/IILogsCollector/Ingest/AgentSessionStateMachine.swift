public import IILogsCore
public import IILogsStore

/// The collector's side of one agent connection as a pure state machine: events in, actions out.
///
/// ```
///  awaitingHello ──hello ok──▶ openingStream ──streamOpened──▶ streaming ◀──batchStored── appending
///       │                           │                            │  └──────batch ok──────────▲
///       └──── any refusal ──────────┴────────────────────────────┴──────────▶ closed
/// ```
/// The session (``AgentSession``) performs the actions: store calls, writes, closing. Batches of one
/// connection are stored strictly in order because the session feeds the next message only after the
/// previous action finished.
public struct AgentSessionStateMachine: Sendable {
    /// What a connection is bound to once its hello was accepted.
    public struct Binding: Sendable, Hashable {
        public var identity: InstanceIdentity
        public var streamID: UInt64
    }

    /// Where the connection is.
    public enum State: Sendable, Hashable {
        case awaitingHello
        /// Hello accepted, `openStream` in flight.
        case openingStream(Binding)
        case streaming(Binding)
        /// `append` of the batch with this sequence in flight.
        case appending(Binding, sequence: UInt64)
        case closed
    }

    /// What the session must do next.
    public enum Action: Sendable, Hashable {
        /// Call `store.openStream`, then feed ``streamOpened(lastStoredSequence:)`` or ``storeFailed(_:)``.
        case openStream(identity: InstanceIdentity, streamID: UInt64)
        case sendWelcome(Welcome)
        /// Call `store.append`, then feed ``batchStored(_:)`` or ``storeFailed(_:)``.
        case append(identity: InstanceIdentity, stream: StreamPosition, batch: Batch)
        case sendAck(Ack)
        case sendPing(Ping)
        /// Write the refusal, then close the connection.
        case refuseAndClose(Refusal)
        /// Close without writing (the peer went away).
        case close
        /// Nothing to do.
        case none
    }

    /// What the machine checks hellos and batches against.
    public struct Configuration: Sendable, Hashable {
        public var authenticator: Authenticator
        public var maxFrameBytes: Int
        public var maxUncompressedBatchBytes: Int
        public var helloTimeout: Duration
        public var idleTimeout: Duration
        public var collectorVersion: String

        public init(authenticator: Authenticator, maxFrameBytes: Int, maxUncompressedBatchBytes: Int,
                    helloTimeout: Duration, idleTimeout: Duration, collectorVersion: String = CollectorVersion.current) {
            self.authenticator = authenticator
            self.maxFrameBytes = maxFrameBytes
            self.maxUncompressedBatchBytes = maxUncompressedBatchBytes
            self.helloTimeout = helloTimeout
            self.idleTimeout = idleTimeout
            self.collectorVersion = collectorVersion
        }

        /// The configuration a collector with `settings` uses.
        public init(settings: CollectorSettings) {
            self.init(authenticator: Authenticator(fleetToken: settings.fleetToken, instanceSecrets: settings.instanceTokenSecrets), maxFrameBytes: settings.maxFrameBytes,
                      maxUncompressedBatchBytes: settings.maxUncompressedBatchBytes,
                      helloTimeout: settings.helloTimeout, idleTimeout: settings.idleTimeout)
        }
    }

    /// Where the connection is now (set only by the event methods).
    public internal(set) var state: State = .awaitingHello
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The instance this connection is bound to, once its hello was accepted.
    public var binding: Binding? {
        switch state {
        case .openingStream(let b), .streaming(let b), .appending(let b, _): b
        case .awaitingHello, .closed: nil
        }
    }

    /// Moves to `closed` and returns the refusal action.
    mutating func refuse(_ code: RefusalCode, _ message: String) -> Action {
        state = .closed
        return .refuseAndClose(Refusal(code: code, message: message))
    }
}
