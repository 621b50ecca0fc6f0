/// Named constants and default limits of the wire protocol, in one place (docs/PROTOCOL.md).
///
/// PLACEHOLDER — the wire area fills in the codec; names here are the contract.
public enum WireProtocol {
    /// The protocol version this build speaks.
    public static let version: UInt16 = 1
}

/// Limits a decoder enforces; every one is a named, documented setting.
public struct WireLimits: Sendable, Hashable {
    /// Largest frame (header excluded) accepted; larger frames are refused with `frameTooLarge`.
    public var maxFrameBytes: Int
    /// Largest inflated size of a batch's log block or side payload (zip-bomb guard).
    public var maxUncompressedBatchBytes: Int

    public init(maxFrameBytes: Int = 8 << 20, maxUncompressedBatchBytes: Int = 64 << 20) {
        self.maxFrameBytes = maxFrameBytes
        self.maxUncompressedBatchBytes = maxUncompressedBatchBytes
    }

    public static let `default` = WireLimits()
}
