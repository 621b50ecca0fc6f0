/// Every message of the iilogs wire protocol v1 (docs/PROTOCOL.md is the spec).
public enum WireMessage: Sendable, Hashable {
    /// agent → collector, first frame of a connection.
    case hello(Hello)
    /// collector → agent, the hello was accepted.
    case welcome(Welcome)
    /// collector → agent, the connection is refused or closed with a reason; the collector closes after it.
    case refuse(Refusal)
    /// agent → collector, records of the connection's instance.
    case batch(Batch)
    /// collector → agent, the batch with this sequence is durable in the store.
    case ack(Ack)
    /// either way, keeps an idle connection open and proves the peer is alive.
    case ping(Ping)
}

public struct Hello: Sendable, Hashable {
    public var protocolVersion: UInt16
    public var agentVersion: String
    public var token: String
    public var identity: InstanceIdentity
    /// Random 64-bit ID of the agent's spool: sequence numbers are unique within (instance, stream).
    public var streamID: UInt64
    /// The last sequence the agent believes acknowledged (0 when none).
    public var lastAckedSequence: UInt64

    public init(protocolVersion: UInt16 = WireProtocol.version, agentVersion: String, token: String,
                identity: InstanceIdentity, streamID: UInt64, lastAckedSequence: UInt64) {
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
        self.token = token
        self.identity = identity
        self.streamID = streamID
        self.lastAckedSequence = lastAckedSequence
    }
}

public struct Welcome: Sendable, Hashable {
    public var protocolVersion: UInt16
    public var collectorVersion: String
    /// The highest sequence of this (instance, stream) already durable in the store (0 when none).
    public var lastStoredSequence: UInt64
    /// Largest frame the collector accepts on this connection.
    public var maxFrameBytes: UInt32

    public init(protocolVersion: UInt16 = WireProtocol.version, collectorVersion: String, lastStoredSequence: UInt64, maxFrameBytes: UInt32) {
        self.protocolVersion = protocolVersion
        self.collectorVersion = collectorVersion
        self.lastStoredSequence = lastStoredSequence
        self.maxFrameBytes = maxFrameBytes
    }
}

public struct Refusal: Sendable, Hashable, Error, CustomStringConvertible {
    public var code: RefusalCode
    public var message: String

    public init(code: RefusalCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// Why a collector refused a connection or a frame. Unknown codes decode as themselves.
public struct RefusalCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let unsupportedVersion = RefusalCode(rawValue: 1)
    public static let badToken = RefusalCode(rawValue: 2)
    public static let badIdentity = RefusalCode(rawValue: 3)
    public static let frameTooLarge = RefusalCode(rawValue: 4)
    public static let malformedFrame = RefusalCode(rawValue: 5)
    public static let unexpectedMessage = RefusalCode(rawValue: 6)
    public static let wrongInstance = RefusalCode(rawValue: 7)
    public static let storeUnavailable = RefusalCode(rawValue: 8)
    public static let tooManyConnections = RefusalCode(rawValue: 9)
    public static let timeout = RefusalCode(rawValue: 10)
    public static let shuttingDown = RefusalCode(rawValue: 11)
    public static let badBatch = RefusalCode(rawValue: 12)

    /// The snake_case name used in logs and the `reason` label of refusal counters.
    public var name: String {
        switch self {
        case .unsupportedVersion: "unsupported_version"
        case .badToken: "bad_token"
        case .badIdentity: "bad_identity"
        case .frameTooLarge: "frame_too_large"
        case .malformedFrame: "malformed_frame"
        case .unexpectedMessage: "unexpected_message"
        case .wrongInstance: "wrong_instance"
        case .storeUnavailable: "store_unavailable"
        case .tooManyConnections: "too_many_connections"
        case .timeout: "timeout"
        case .shuttingDown: "shutting_down"
        case .badBatch: "bad_batch"
        default: "code_\(rawValue)"
        }
    }

    public var description: String { name }
}

/// A group of records of one instance, cut by the agent and stored by the collector as one unit.
///
/// Log lines travel as an ``EncodedLogBlock``: compressed once at the edge and stored as a chunk
/// without recompression (docs/adr/002-agent-batches-are-chunks.md).
public struct Batch: Sendable, Hashable {
    /// Must equal the instance bound by the connection's hello, or the batch is refused.
    public var instanceID: String
    /// Position in the agent's stream, from 1, increasing by one per batch.
    public var sequence: UInt64
    /// Records the agent's spool has dropped since the stream began (cumulative), so loss is visible.
    public var droppedRecords: UInt64
    /// The log lines; `nil` when the batch carries only events or metrics.
    public var logs: EncodedLogBlock?
    public var events: [LifecycleEvent]
    public var metrics: [MetricSample]

    public init(instanceID: String, sequence: UInt64, droppedRecords: UInt64 = 0, logs: EncodedLogBlock?,
                events: [LifecycleEvent] = [], metrics: [MetricSample] = []) {
        self.instanceID = instanceID
        self.sequence = sequence
        self.droppedRecords = droppedRecords
        self.logs = logs
        self.events = events
        self.metrics = metrics
    }

    /// Log lines plus events plus metric samples.
    public var recordCount: Int { Int(logs?.summary.lineCount ?? 0) + events.count + metrics.count }
}

public struct Ack: Sendable, Hashable {
    public var sequence: UInt64
    public init(sequence: UInt64) { self.sequence = sequence }
}

public struct Ping: Sendable, Hashable {
    public var time: Timestamp
    public init(time: Timestamp) { self.time = time }
}
