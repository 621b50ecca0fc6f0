public import NIOCore

/// One framed syslog message, and whether framing cut it at the limit.
public struct SyslogFrame: Sendable {
    public var bytes: ByteBuffer
    /// True when the message was longer than ``SyslogFramingDecoder/maxMessageBytes`` and was cut.
    public var truncated: Bool

    public init(bytes: ByteBuffer, truncated: Bool) {
        self.bytes = bytes
        self.truncated = truncated
    }
}

/// Splits a syslog TCP stream into messages (RFC 6587), one ``SyslogFrame`` per message.
///
/// Each message's framing is detected from its first byte: a digit starts octet counting
/// (`LEN SP MSG`, e.g. `57 <34>1 …`); anything else is a line ending in LF (a trailing CR is
/// removed too; empty lines are skipped). A message longer than ``maxMessageBytes`` is passed on cut at
/// the limit with `truncated` set, and the rest of it is skipped — up to the next LF for a line, the
/// counted octets for an octet-counted message — so the stream stays in sync and the sender keeps being
/// served; ``truncatedMessages`` counts them. A malformed octet count throws ``SyslogFramingError``.
public struct SyslogFramingDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = SyslogFrame

    /// Default ``maxMessageBytes``: 64 KiB.
    public static let defaultMaxMessageBytes = 64 << 10
    /// Most digits an octet count may have before its space.
    public static let maxOctetCountDigits = 10

    /// Longest message passed on; longer ones are truncated.
    public let maxMessageBytes: Int
    /// Over-long messages cut at ``maxMessageBytes`` so far.
    public private(set) var truncatedMessages = 0
    /// True while discarding the tail of a truncated line.
    private var skippingToNewline = false
    /// Octets of a truncated octet-counted message still to discard.
    private var skippingOctets = 0

    public init(maxMessageBytes: Int = SyslogFramingDecoder.defaultMaxMessageBytes) {
        self.maxMessageBytes = max(1, maxMessageBytes)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> SyslogFrame? {
        while buffer.readableBytes > 0 {
            if skippingOctets > 0 {
                let skipped = min(skippingOctets, buffer.readableBytes)
                buffer.moveReaderIndex(forwardBy: skipped)
                skippingOctets -= skipped
                continue
            }
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
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SyslogFrame? {
        if let message = try decode(buffer: &buffer) { return message }
        guard seenEOF, buffer.readableBytes > 0, !skippingToNewline, skippingOctets == 0 else { return nil }
        if let first = buffer.readableBytesView.first, first >= 0x30 && first <= 0x39 {
            throw SyslogFramingError(problem: "stream ended inside an octet-counted message (\(buffer.readableBytes) bytes buffered)")
        }
        return lineDelimited(&buffer, atEOF: true)
    }

    private mutating func octetCounted(_ buffer: inout ByteBuffer) throws -> SyslogFrame? {
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
        let kept = min(count, maxMessageBytes)
        guard view.count >= digits + 1 + kept else { return nil }
        buffer.moveReaderIndex(forwardBy: digits + 1)
        guard let message = buffer.readSlice(length: kept) else { return nil }
        if count > kept {
            truncatedMessages += 1
            skippingOctets = count - kept
        }
        return SyslogFrame(bytes: message, truncated: count > kept)
    }

    private mutating func lineDelimited(_ buffer: inout ByteBuffer, atEOF: Bool) -> SyslogFrame? {
        let view = buffer.readableBytesView
        let searchEnd = view.index(view.startIndex, offsetBy: min(view.count, maxMessageBytes + 1))
        if let lf = view[view.startIndex..<searchEnd].firstIndex(of: 0x0A) {
            let length = lf - view.startIndex
            guard var line = buffer.readSlice(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.last == 0x0D { line.moveWriterIndex(to: line.writerIndex - 1) }
            return SyslogFrame(bytes: line, truncated: false)
        }
        if view.count > maxMessageBytes {
            truncatedMessages += 1
            skippingToNewline = true
            return buffer.readSlice(length: maxMessageBytes).map { SyslogFrame(bytes: $0, truncated: true) }
        }
        guard atEOF, var line = buffer.readSlice(length: view.count) else { return nil }
        if line.readableBytesView.last == 0x0D { line.moveWriterIndex(to: line.writerIndex - 1) }
        return SyslogFrame(bytes: line, truncated: false)
    }
}

/// A syslog stream that cannot be framed; the connection should be closed.
public struct SyslogFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: String
    public init(problem: String) { self.problem = problem }
    public var description: String { "syslog framing: \(problem)" }
}
