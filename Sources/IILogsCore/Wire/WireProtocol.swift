/// Named constants and default limits of the wire protocol, in one place (docs/PROTOCOL.md).
public enum WireProtocol {
    /// The protocol version this build speaks.
    public static let version: UInt16 = 1

    /// The two bytes every frame starts with: ASCII `IL`.
    public static let magic: [UInt8] = [0x49, 0x4C]
    /// Bytes of the frame header: magic (2), kind (1), payload length (4, big-endian).
    public static let frameHeaderBytes = 7

    /// Longest `hello.agentVersion` and `welcome.collectorVersion` (UTF-8 bytes).
    public static let maxVersionStringBytes = 256
    /// Longest `hello.token` (UTF-8 bytes).
    public static let maxTokenBytes = 4096
    /// Longest instance ID, image version, boot ID and `batch.instanceID` (UTF-8 bytes).
    public static let maxIdentifierBytes = InstanceIdentity.maxIdentifierLength
    /// Most labels in one `hello.identity`.
    public static let maxLabels = 64
    /// Longest label key (UTF-8 bytes).
    public static let maxLabelKeyBytes = 256
    /// Longest label value (UTF-8 bytes).
    public static let maxLabelValueBytes = 1024
    /// Longest `refuse.message` (UTF-8 bytes).
    public static let maxRefusalMessageBytes = 4096
    /// Longest event name, metric name, field or metric-label name (UTF-8 bytes).
    public static let maxNameBytes = 256
    /// Longest metric unit (UTF-8 bytes).
    public static let maxUnitBytes = 64
    /// Longest event detail, field value or metric-label value (UTF-8 bytes).
    public static let maxValueBytes = 65_536
    /// Most fields on one event, or labels on one metric sample.
    public static let maxFieldsPerRecord = 256
    /// Most events, and separately most metric samples, in one batch's side payload.
    public static let maxSideRecords = 1 << 20
    /// Entries of a log block's severity histogram (one per ``Severity``).
    public static let severityCountEntries = 8
    /// zlib level senders use for a batch's side payload.
    public static let sideCompressionLevel: Int32 = 6
}

/// Limits a decoder enforces; every one is a named, documented setting.
public struct WireLimits: Sendable, Hashable {
    /// Largest frame (header excluded) accepted; larger frames are refused with `frameTooLarge`.
    public var maxFrameBytes: Int
    /// Largest inflated size of a batch's log block or side payload (zip-bomb guard).
    public var maxUncompressedBatchBytes: Int

    /// Default `maxFrameBytes`: 8 MiB.
    public static let defaultMaxFrameBytes = 8 << 20
    /// Default `maxUncompressedBatchBytes`: 64 MiB.
    public static let defaultMaxUncompressedBatchBytes = 64 << 20

    public init(maxFrameBytes: Int = WireLimits.defaultMaxFrameBytes,
                maxUncompressedBatchBytes: Int = WireLimits.defaultMaxUncompressedBatchBytes) {
        self.maxFrameBytes = maxFrameBytes
        self.maxUncompressedBatchBytes = maxUncompressedBatchBytes
    }

    /// 8 MiB frames, 64 MiB inflated.
    public static let `default` = WireLimits()
}

/// The kind byte of a frame.
public enum WireFrameKind: UInt8, Sendable, Hashable, CaseIterable {
    case hello = 1
    case welcome = 2
    case refuse = 3
    case batch = 4
    case ack = 5
    case ping = 6

    /// The kind of frame that carries `message`.
    public init(_ message: WireMessage) {
        switch message {
        case .hello: self = .hello
        case .welcome: self = .welcome
        case .refuse: self = .refuse
        case .batch: self = .batch
        case .ack: self = .ack
        case .ping: self = .ping
        }
    }
}
