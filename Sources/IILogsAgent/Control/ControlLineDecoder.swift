import NIOCore

/// Splits a byte stream into `\n`-terminated lines of at most `maxLineBytes` (the `\n` and a `\r` before it dropped).
struct ControlLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    let maxLineBytes: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maxLineBytes {
                throw ControlProtocolError("line longer than \(maxLineBytes) bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard length <= maxLineBytes else { throw ControlProtocolError("line longer than \(maxLineBytes) bytes") }
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
