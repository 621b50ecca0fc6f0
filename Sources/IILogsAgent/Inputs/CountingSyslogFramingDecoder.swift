import IILogsCore
import NIOCore

/// ``SyslogFramingDecoder`` that reports each cut message, so the listener can count and mark it.
struct CountingSyslogFramingDecoder: NIOSingleStepByteToMessageDecoder {
    /// A framed message and whether the framing cut it at the limit.
    struct Framed {
        var bytes: ByteBuffer
        var truncated: Bool
    }
    typealias InboundOut = Framed

    private var inner: SyslogFramingDecoder

    init(maxMessageBytes: Int) {
        inner = SyslogFramingDecoder(maxMessageBytes: maxMessageBytes)
    }

    mutating func decode(buffer: inout ByteBuffer) throws -> Framed? {
        let before = inner.truncatedMessages
        return try inner.decode(buffer: &buffer).map { Framed(bytes: $0, truncated: inner.truncatedMessages != before) }
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Framed? {
        let before = inner.truncatedMessages
        return try inner.decodeLast(buffer: &buffer, seenEOF: seenEOF).map { Framed(bytes: $0, truncated: inner.truncatedMessages != before) }
    }
}
