public import NIOCore

/// A total decoder: bytes → ``WireMessage`` or ``WireProtocolError``, never a trap.
public struct WireMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = WireMessage
    public var limits: WireLimits
    /// Bytes of complete frames decoded so far: the stream offset used in errors.
    public private(set) var bytesConsumed: Int = 0

    public init(limits: WireLimits = .default) {
        self.limits = limits
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> WireMessage? {
        let before = buffer.readerIndex
        guard let message = try WireCodec.decodeFrame(&buffer, limits: limits, streamOffset: bytesConsumed) else { return nil }
        bytesConsumed += buffer.readerIndex - before
        return message
    }

    /// At EOF, bytes of an incomplete frame are an error (the peer closed mid-frame).
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> WireMessage? {
        if let message = try decode(buffer: &buffer) { return message }
        if seenEOF && buffer.readableBytes > 0 {
            throw WireProtocolError(.malformed, "stream ended inside a frame (\(buffer.readableBytes) bytes buffered)",
                                    byteOffset: bytesConsumed)
        }
        return nil
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
