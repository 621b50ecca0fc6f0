import IILogsCore
import NIOCore
import NIOEmbedded
import Testing

/// The pipeline form of the syslog framing: one array per read, nothing lost around errors and EOF.
@Suite struct SyslogFrameBatchDecoderTests {
    func channel(maxMessageBytes: Int = 1024) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SyslogFrameBatchDecoder(maxMessageBytes: maxMessageBytes)))
        return channel
    }

    func texts(_ frames: [SyslogFrame]?) -> [String] { frames?.map { String(buffer: $0.bytes) } ?? [] }

    @Test func passesOnTheMessagesOfOneReadAsOneArray() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "5 <1>a b\n<2>c\n3 <3"))
        #expect(texts(try channel.readInbound(as: [SyslogFrame].self)) == ["<1>a ", "b", "<2>c"])
        #expect(try channel.readInbound(as: [SyslogFrame].self) == nil)
        try channel.writeInbound(ByteBuffer(string: ">"))
        #expect(texts(try channel.readInbound(as: [SyslogFrame].self)) == ["<3>"])
        _ = try channel.finish()
    }

    @Test func aFinalLineWithoutNewlineIsPassedOnAtEOF() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "<1>one\n<2>two"))
        #expect(texts(try channel.readInbound(as: [SyslogFrame].self)) == ["<1>one"])
        _ = try channel.finish()
        #expect(texts(try channel.readInbound(as: [SyslogFrame].self)) == ["<2>two"])
    }

    @Test func messagesBeforeAFramingErrorArePassedOnThenTheErrorIsRaised() throws {
        let channel = try channel()
        #expect(throws: SyslogFramingError.self) { try channel.writeInbound(ByteBuffer(string: "<1>kept\n12x <2>bad")) }
        #expect(texts(try channel.readInbound(as: [SyslogFrame].self)) == ["<1>kept"])
    }

    @Test func anOverLongMessageIsCutAndMarked() throws {
        let channel = try channel(maxMessageBytes: 4)
        try channel.writeInbound(ByteBuffer(string: "<1>long line\n<2>ok\n"))
        let frames = try #require(try channel.readInbound(as: [SyslogFrame].self))
        #expect(texts(frames) == ["<1>l", "<2>o"])
        #expect(frames.map(\.truncated) == [true, true])
        _ = try channel.finish()
    }
}
