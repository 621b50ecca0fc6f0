import NIOCore
import Testing
import IILogsCore

@Suite struct SyslogFramingTruncationTests {
    static func decodeAll(_ input: String, max: Int) throws -> [(String, Bool)] {
        var decoder = SyslogFramingDecoder(maxMessageBytes: max)
        var buffer = ByteBuffer(string: input)
        var out: [(String, Bool)] = []
        for _ in 0..<100 {
            guard let framed = try decoder.decodeLast(buffer: &buffer, seenEOF: true) else { break }
            out.append((String(buffer: framed.bytes), framed.truncated))
        }
        return out
    }

    @Test func octetCountedAndLineFramedMix() throws {
        let out = try Self.decodeAll("5 hello\nline two\n3 abc", max: 64)
        #expect(out.map(\.0) == ["hello", "line two", "abc"])
        #expect(out.map(\.1) == [false, false, false])
    }

    @Test func overlongOctetCountIsCutAndTheStreamResyncs() throws {
        let out = try Self.decodeAll("12 abcdefghijkl4 next", max: 5)
        #expect(out.map(\.0) == ["abcde", "next"])
        #expect(out.map(\.1) == [true, false])
    }

    @Test func overlongLineIsCutAndMarked() throws {
        let out = try Self.decodeAll("abcdefghij\nok\n", max: 4)
        #expect(out.map(\.0) == ["abcd", "ok"])
        #expect(out.map(\.1) == [true, false])
    }

    @Test func overlongCountArrivingInPiecesSkipsAcrossReads() throws {
        var decoder = SyslogFramingDecoder(maxMessageBytes: 3)
        var buffer = ByteBuffer(string: "10 abcd")
        #expect(try decoder.decode(buffer: &buffer).map { String(buffer: $0.bytes) } == "abc")
        buffer.writeString("efghij2 ok")
        #expect(try decoder.decode(buffer: &buffer).map { String(buffer: $0.bytes) } == "ok")
    }
}
