/// Encodes log lines into an ``EncodedLogBlock`` and back (layout: docs/CHUNK-FORMAT.md).
///
/// PLACEHOLDER SIGNATURES — the store area implements these.
public enum LogBlockCodec {
    /// Current layout version written by ``encode(_:compressionLevel:)``.
    public static let formatVersion: UInt8 = 1
    /// Largest inflated body ``decode(_:limits:)`` accepts by default.
    public static let defaultMaxUncompressedBytes = 64 << 20

    /// Columnar encoding + zlib at `compressionLevel`, with summary (times, severities, token filter).
    public static func encode(_ records: [LogRecord], compressionLevel: Int32 = 6) -> EncodedLogBlock {
        fatalError("LogBlockCodec.encode not implemented yet")
    }

    /// Verifies the checksum, inflates (bounded) and decodes every line, or throws naming the problem.
    public static func decode(_ block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> [LogRecord] {
        fatalError("LogBlockCodec.decode not implemented yet")
    }
}

/// Why a block could not be decoded; `field` names what was wrong.
public struct LogBlockError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
    public var description: String { "log block \(field): \(problem)" }
}
