public import NIOCore

/// Splits a syslog TCP stream into messages (RFC 6587), one `ByteBuffer` per message.
///
/// Each message's framing is detected from its first byte: a digit starts octet counting
/// (`LEN SP MSG`, e.g. `57 <34>1 …`); anything else is a line ending in LF (a trailing CR is
/// removed too; empty lines are skipped). An LF-delimited line longer than ``maxMessageBytes`` is
/// cut at the limit, the rest is skipped up to the next LF, and ``truncatedMessages`` counts it.
/// An octet count over the limit cannot be skipped safely and throws ``SyslogFramingError``.
public struct SyslogFramingDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// Default ``maxMessageBytes``: 64 KiB.
    public static let defaultMaxMessageBytes = 64 << 10
    /// Most digits an octet count may have before its space.
    public static let maxOctetCountDigits = 10

    /// Longest message passed on; longer LF-delimited lines are truncated, longer octet counts refused.
    public let maxMessageBytes: Int
    /// Over-long LF-delimited lines cut at ``maxMessageBytes`` so far.
    public private(set) var truncatedMessages = 0
    /// True while discarding the tail of a truncated line.
    private var skippingToNewline = false

    public init(maxMessageBytes: Int = SyslogFramingDecoder.defaultMaxMessageBytes) {
        self.maxMessageBytes = max(1, maxMessageBytes)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        while buffer.readableBytes > 0 {
            if skippingToNewline {
                guard let lf = buffer.readableBytesView.firstIndex(of: 0x0A) else {
                    buffer.moveReaderIndex(to: buffer.writerIndex)
                    return nil
                }
                buffer.moveReaderIndex(to: lf + 1)
                skippingToNewline = false
                continue
            }
            guard let first = buffer.readableBytesView.first else { return nil }
            if first >= 0x30 && first <= 0x39 {
                return try octetCounted(&buffer)
            }
            if first == 0x0A || first == 0x0D {
                buffer.moveReaderIndex(forwardBy: 1)  // empty line or stray CR between messages
                continue
            }
            return lineDelimited(&buffer, atEOF: false)
        }
        return nil
    }

    /// At EOF a final line without LF is still a message; an unfinished octet-counted message is an error.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        if let message = try decode(buffer: &buffer) { return message }
        guard seenEOF, buffer.readableBytes > 0, !skippingToNewline else { return nil }
        if let first = buffer.readableBytesView.first, first >= 0x30 && first <= 0x39 {
            throw SyslogFramingError(problem: "stream ended inside an octet-counted message (\(buffer.readableBytes) bytes buffered)")
        }
        return lineDelimited(&buffer, atEOF: true)
    }

    private mutating func octetCounted(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        var count = 0
        var digits = 0
        for byte in view {
            if byte == 0x20 { break }
            guard byte >= 0x30 && byte <= 0x39 else {
                throw SyslogFramingError(problem: "octet count contains byte 0x\(String(byte, radix: 16)); expected digits then a space")
            }
            digits += 1
            guard digits <= Self.maxOctetCountDigits else {
                throw SyslogFramingError(problem: "octet count has more than \(Self.maxOctetCountDigits) digits")
            }
            count = count * 10 + Int(byte - 0x30)
        }
        guard digits < view.count else { return nil }  // no space yet
        guard count <= maxMessageBytes else {
            throw SyslogFramingError(problem: "octet count \(count) exceeds maxMessageBytes \(maxMessageBytes)")
        }
        guard view.count >= digits + 1 + count else { return nil }
        buffer.moveReaderIndex(forwardBy: digits + 1)
        return buffer.readSlice(length: count)
    }

    private mutating func lineDelimited(_ buffer: inout ByteBuffer, atEOF: Bool) -> ByteBuffer? {
        let view = buffer.readableBytesView
        let searchEnd = view.index(view.startIndex, offsetBy: min(view.count, maxMessageBytes + 1))
        if let lf = view[view.startIndex..<searchEnd].firstIndex(of: 0x0A) {
            let length = lf - view.startIndex
            guard var line = buffer.readSlice(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.last == 0x0D { line.moveWriterIndex(to: line.writerIndex - 1) }
            return line
        }
        if view.count > maxMessageBytes {
            truncatedMessages += 1
            skippingToNewline = true
            return buffer.readSlice(length: maxMessageBytes)
        }
        guard atEOF, var line = buffer.readSlice(length: view.count) else { return nil }
        if line.readableBytesView.last == 0x0D { line.moveWriterIndex(to: line.writerIndex - 1) }
        return line
    }
}

/// A syslog stream that cannot be framed; the connection should be closed.
public struct SyslogFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: String
    public init(problem: String) { self.problem = problem }
    public var description: String { "syslog framing: \(problem)" }
}
