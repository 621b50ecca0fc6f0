/// A frame that cannot be decoded: the code, what was wrong (naming the field), and where.
public struct WireProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem (docs/PROTOCOL.md §10).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case badMagic, unsupportedVersion, unknownFrameKind, frameTooLarge, malformed, decompression }
        private let base: Base
        /// The frame does not start with `IL`.
        public static let badMagic = Code(base: .badMagic)
        /// A protocol version this build does not speak (not thrown by the decoder, which returns a foreign hello; for collectors).
        public static let unsupportedVersion = Code(base: .unsupportedVersion)
        /// The kind byte is not 1–6.
        public static let unknownFrameKind = Code(base: .unknownFrameKind)
        /// A frame length or declared uncompressed size over its limit.
        public static let frameTooLarge = Code(base: .frameTooLarge)
        /// A payload that does not match its layout or breaks a field limit.
        public static let malformed = Code(base: .malformed)
        /// The side payload's zlib stream is corrupt or inflates to another size than declared.
        public static let decompression = Code(base: .decompression)
        public var description: String { "\(base)" }
    }

    /// What kind of problem.
    public var code: Code
    /// What was wrong, naming the field and the limit.
    public var message: String
    /// Offset in the connection's byte stream (or in the buffer given to ``WireCodec/decodeFrame(_:limits:streamOffset:)``).
    public var byteOffset: Int

    public init(_ code: Code, _ message: String, byteOffset: Int) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
    }

    public var description: String { "wire \(code) at byte \(byteOffset): \(message)" }

    /// The refusal a collector sends for this error.
    public var refusalCode: RefusalCode {
        switch code {
        case .frameTooLarge: .frameTooLarge
        case .unsupportedVersion: .unsupportedVersion
        default: .malformedFrame
        }
    }
}
