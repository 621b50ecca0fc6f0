public import NIOCore

/// Encodes ``WireMessage``s as frames. PLACEHOLDER — the wire area implements it.
public enum WireCodec {
    public static func encode(_ message: WireMessage, into buffer: inout ByteBuffer) {
        fatalError("WireCodec.encode not implemented yet")
    }
}

/// A total decoder: bytes → ``WireMessage`` or ``WireProtocolError``, never a trap.
public struct WireMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = WireMessage
    public var limits: WireLimits

    public init(limits: WireLimits = .default) {
        self.limits = limits
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> WireMessage? {
        fatalError("WireMessageDecoder.decode not implemented yet")
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> WireMessage? {
        try decode(buffer: &buffer)
    }
}

/// `MessageToByteEncoder` over ``WireCodec`` for channel pipelines.
public struct WireMessageEncoder: MessageToByteEncoder {
    public typealias OutboundIn = WireMessage
    public init() {}
    public func encode(data: WireMessage, out: inout ByteBuffer) throws {
        WireCodec.encode(data, into: &out)
    }
}

/// A frame that cannot be decoded: the code, what was wrong (naming the field), and where.
public struct WireProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case badMagic, unsupportedVersion, unknownFrameKind, frameTooLarge, malformed, decompression }
        private let base: Base
        public static let badMagic = Code(base: .badMagic)
        public static let unsupportedVersion = Code(base: .unsupportedVersion)
        public static let unknownFrameKind = Code(base: .unknownFrameKind)
        public static let frameTooLarge = Code(base: .frameTooLarge)
        public static let malformed = Code(base: .malformed)
        public static let decompression = Code(base: .decompression)
        public var description: String { "\(base)" }
    }

    public var code: Code
    public var message: String
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
