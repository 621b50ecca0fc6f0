public import NIOCore

/// ``SyslogFramingDecoder`` for a pipeline: passes on the messages of each socket read as one array, so
/// the handlers and the async reader behind it are entered once per read rather than once per message
/// (per-message pipeline hops were the largest single cost of syslog TCP ingest in the profile).
/// Messages framed before a framing error are passed on before the error.
public struct SyslogFrameBatchDecoder: ByteToMessageDecoder {
    public typealias InboundOut = [SyslogFrame]

    /// The message framing (its ``SyslogFramingDecoder/truncatedMessages`` count included).
    public private(set) var framing: SyslogFramingDecoder

    public init(maxMessageBytes: Int = SyslogFramingDecoder.defaultMaxMessageBytes) {
        framing = SyslogFramingDecoder(maxMessageBytes: maxMessageBytes)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var frames: [SyslogFrame] = []
        defer { if !frames.isEmpty { context.fireChannelRead(NIOAny(frames)) } }
        while let frame = try framing.decode(buffer: &buffer) { frames.append(frame) }
        return .needMoreData
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        var frames: [SyslogFrame] = []
        defer { if !frames.isEmpty { context.fireChannelRead(NIOAny(frames)) } }
        while let frame = try framing.decodeLast(buffer: &buffer, seenEOF: seenEOF) { frames.append(frame) }
        return .needMoreData
    }
}
