import IILogsCore
import NIOCore
import Testing

@Suite struct SyslogFramingDecoderTests {
    /// Feeds `bytes` in `chunk`-byte pieces through NIO's single-step processor, then EOF.
    private func frames(_ bytes: [UInt8], chunk: Int, maxMessageBytes: Int = SyslogFramingDecoder.defaultMaxMessageBytes) throws -> [String] {
        let processor = NIOSingleStepByteToMessageProcessor(SyslogFramingDecoder(maxMessageBytes: maxMessageBytes))
        var out: [String] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            try processor.process(buffer: ByteBuffer(bytes: bytes[index..<end])) { out.append(String(buffer: $0.bytes)) }
            index = end
        }
        try processor.finishProcessing(seenEOF: true) { out.append(String(buffer: $0.bytes)) }
        return out
    }

    static let mixed = "<13>Nov 23 08:00:00 h a: one\n"
        + "34 <14>1 - h a - - - two\nwith newline"
        + "<13>three\r\n\n\n"
        + "5 <13>x"
        + "<13>last without newline"

    static let expected = ["<13>Nov 23 08:00:00 h a: one", "<14>1 - h a - - - two\nwith newline", "<13>three", "<13>x", "<13>last without newline"]

    @Test(arguments: [1, 2, 5, 17, 1000])
    func mixedFramingSplitAcrossBuffers(_ chunk: Int) throws {
        #expect(try frames(Array(Self.mixed.utf8), chunk: chunk) == Self.expected)
    }

    @Test func overLongLineIsCutAndTheRestSkipped() throws {
        var decoder = SyslogFramingDecoder(maxMessageBytes: 8)
        var buffer = ByteBuffer(string: "abcdefghijklmnop\nshort\n")
        var out: [String] = []
        for _ in 0..<5 {
            guard let message = try decoder.decode(buffer: &buffer) else { break }
            out.append(String(buffer: message.bytes))
        }
        #expect(out == ["abcdefgh", "short"])
        #expect(decoder.truncatedMessages == 1)
    }

    @Test func overLongLineSplitAcrossBuffers() throws {
        let line = String(repeating: "x", count: 40)
        #expect(try frames(Array((line + "\nok\n" + line + "\n").utf8), chunk: 3, maxMessageBytes: 10)
                == [String(repeating: "x", count: 10), "ok", String(repeating: "x", count: 10)])
        // Exactly at the limit is not truncated.
        #expect(try frames(Array("abcdefghij\n".utf8), chunk: 1, maxMessageBytes: 10) == ["abcdefghij"])
    }

    @Test(arguments: [1, 3, 100])
    func octetCountOverTheLimitIsCutAndTheStreamResyncs(_ chunk: Int) throws {
        // Given a counted message of 12 octets with an 8-byte limit, then a normal line.
        let stream = Array("12 <13>abcdefgh<13>ok\n".utf8)
        // Then the first is cut to 8 bytes, its other 4 octets are skipped, and framing carries on.
        #expect(try frames(stream, chunk: chunk, maxMessageBytes: 8) == ["<13>abcd", "<13>ok"])
    }

    @Test func truncationIsFlaggedOnTheFrame() throws {
        var decoder = SyslogFramingDecoder(maxMessageBytes: 4)
        var buffer = ByteBuffer(string: "9 123456789ok\n")
        let first = try #require(try decoder.decode(buffer: &buffer))
        #expect(String(buffer: first.bytes) == "1234")
        #expect(first.truncated)
        let second = try #require(try decoder.decode(buffer: &buffer))
        #expect(String(buffer: second.bytes) == "ok")
        #expect(!second.truncated)
        #expect(decoder.truncatedMessages == 1)
    }

    @Test func malformedOctetCounts() {
        for bad in ["12x <13>a", "12345678901 <13>a"] {
            var decoder = SyslogFramingDecoder()
            var buffer = ByteBuffer(string: bad)
            #expect(throws: SyslogFramingError.self) { _ = try decoder.decode(buffer: &buffer) }
        }
        #expect(throws: SyslogFramingError.self) { _ = try frames(Array("10 <13>abc".utf8), chunk: 4) }
    }

    @Test func partialFramesWaitForMoreBytes() throws {
        var decoder = SyslogFramingDecoder()
        for partial in ["12", "12 <13>", "<13>no newline yet"] {
            var buffer = ByteBuffer(string: partial)
            #expect(try decoder.decode(buffer: &buffer) == nil)
        }
    }

    @Test func randomStreamsNeverTrap() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let alphabet: [UInt8] = Array("0123456789 <>\n\rab".utf8)
        var errors = 0
        var messages = 0
        for _ in 0..<2_000 {
            let bytes = (0..<Int(next() % 64)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            do {
                let out = try frames(bytes, chunk: 1 + Int(next() % 8), maxMessageBytes: 16)
                #expect(out.allSatisfy { $0.utf8.count <= 16 })
                messages += out.count
            } catch is SyslogFramingError {
                errors += 1
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
        #expect(errors > 0 && messages > 0)
    }
}
