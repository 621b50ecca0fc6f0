import IILogsCore
import NIOCore
import Testing

/// The streaming decoder as a pipeline sees it (the loop NIOTestUtils' ByteToMessageDecoderVerifier runs).
@Suite struct WireMessageDecoderTests {
    /// Feeds `bytes` in pieces of `chunk` bytes through NIO's single-step processor; returns every message.
    private func decodeAll(_ bytes: [UInt8], chunk: Int, limits: WireLimits = .default) throws -> [WireMessage] {
        let processor = NIOSingleStepByteToMessageProcessor(WireMessageDecoder(limits: limits))
        var out: [WireMessage] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            try processor.process(buffer: ByteBuffer(bytes: bytes[index..<end])) { out.append($0) }
            index = end
        }
        try processor.finishProcessing(seenEOF: true) { out.append($0) }
        return out
    }

    @Test func dripFeedByteByByte() throws {
        #expect(try decodeAll(WireFixtures.stream(), chunk: 1) == WireFixtures.allMessages)
    }

    @Test(arguments: [2, 3, 7, 13, 64, 1000])
    func variousChunkSizes(_ chunk: Int) throws {
        #expect(try decodeAll(WireFixtures.stream(), chunk: chunk) == WireFixtures.allMessages)
    }

    @Test func manyFramesInOneBuffer() throws {
        var decoder = WireMessageDecoder()
        var buffer = ByteBuffer(bytes: WireFixtures.stream())
        var out: [WireMessage] = []
        for _ in 0..<(WireFixtures.allMessages.count + 1) {
            guard let message = try decoder.decode(buffer: &buffer) else { break }
            out.append(message)
        }
        #expect(out == WireFixtures.allMessages)
        #expect(buffer.readableBytes == 0)
        #expect(decoder.bytesConsumed == WireFixtures.stream().count)
    }

    @Test func errorOffsetsCountFromTheStreamStart() throws {
        let good = WireCodec.encodedFrame(.ack(Ack(sequence: 1)))
        var decoder = WireMessageDecoder()
        var buffer = ByteBuffer(bytes: good + good + [0x49, 0x4C, 0x63])
        #expect(try decoder.decode(buffer: &buffer) == .ack(Ack(sequence: 1)))
        #expect(try decoder.decode(buffer: &buffer) == .ack(Ack(sequence: 1)))
        #expect {
            _ = try decoder.decode(buffer: &buffer)
        } throws: { error in
            guard let error = error as? WireProtocolError else { return false }
            return error.code == .unknownFrameKind && error.byteOffset == 2 * good.count + 2
        }
    }

    @Test func eofInsideAFrameIsAnError() throws {
        let bytes = WireCodec.encodedFrame(.ping(Ping(time: .zero)))
        #expect(throws: WireProtocolError.self) {
            _ = try decodeAll(Array(bytes.dropLast()), chunk: 4)
        }
        #expect(try decodeAll([], chunk: 1).isEmpty)
    }

    @Test func oversizeHeaderThrowsBeforeTheBody() {
        let processor = NIOSingleStepByteToMessageProcessor(WireMessageDecoder(limits: WireLimits(maxFrameBytes: 1024)))
        // Header announcing 1 GiB; no body follows.
        #expect {
            try processor.process(buffer: ByteBuffer(bytes: [0x49, 0x4C, 0x04, 0x40, 0x00, 0x00, 0x00])) { _ in }
        } throws: { error in
            (error as? WireProtocolError)?.code == .frameTooLarge
        }
    }

    @Test func encoderWritesTheSameBytesAsTheCodec() throws {
        var out = ByteBuffer()
        for message in WireFixtures.allMessages {
            try WireMessageEncoder().encode(data: message, out: &out)
        }
        #expect(Array(out.readableBytesView) == WireFixtures.stream())
    }
}
