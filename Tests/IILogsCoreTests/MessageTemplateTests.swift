@testable import IILogsCore
import Testing

/// Version-3 and version-4 section streams: messages split into templates and typed variables must come back
/// byte for byte, whatever the text, and damaged streams must be refused naming the part.
@Suite struct MessageTemplateTests {
    static let layouts: [MessageTemplateLayout] = [.perTemplate, .perShape]

    static func stream(_ messages: [String], layout: MessageTemplateLayout = .perShape) -> [UInt8] {
        var writer = MessageTemplateWriter(layout: layout)
        for var message in messages { message.withUTF8 { writer.append($0) } }
        return writer.finish()
    }

    /// The block version a stream's mode belongs to (mode 1: version 3; plain and mode 2: version 4).
    static func version(of stream: [UInt8]) -> UInt8 {
        stream.first == MessageTemplates.templatedMode ? 3 : 4
    }

    static func decode(_ stream: [UInt8], messageBytes: Int, maxLines: Int = 1 << 20,
                       formatVersion: UInt8? = nil) throws(LogBlockError) -> (bytes: [UInt8], lineEnds: [Int]) {
        var out = [UInt8](repeating: 0xEE, count: messageBytes)
        let version = formatVersion ?? Self.version(of: stream)
        let ends = try stream.withUnsafeBufferPointer { stream throws(LogBlockError) in
            try out.withUnsafeMutableBufferPointer { out throws(LogBlockError) in
                try MessageTemplateReader.decode(stream, into: out, maxLines: maxLines, section: 0, formatVersion: version)
            }
        }
        return (out, ends)
    }

    static func roundTrip(_ messages: [String], layout: MessageTemplateLayout = .perShape) throws -> [UInt8] {
        let expected = messages.flatMap { Array($0.utf8) }
        let bytes = stream(messages, layout: layout)
        let decoded = try decode(bytes, messageBytes: expected.count)
        #expect(decoded.bytes == expected)
        let ends = messages.reduce(into: [Int]()) { ends, message in ends.append((ends.last ?? 0) + message.utf8.count) }
        #expect(decoded.lineEnds == ends)
        return bytes
    }

    /// Each message repeated with other numbers, so the section is templated rather than stored plain.
    static func repeated(_ messages: [String]) -> [String] {
        messages.flatMap { message in (0..<3).map { "\(message) #\($0)" } }
    }

    static func templatedMode(_ layout: MessageTemplateLayout) -> UInt8 {
        layout == .perShape ? MessageTemplates.shapedMode : MessageTemplates.templatedMode
    }

    @Test(arguments: layouts)
    func awkwardMessagesComeBackByteForByte(layout: MessageTemplateLayout) throws {
        let messages = Self.repeated([
            "", "0", "00", "007 agents", "000000000000000000000000123", "18446744073709551615", "999999999999999999",
            "1234567890123456789 is nineteen digits", "x86_64 ssh2 ens5 v1 nvme0n1p1 ED25519 UID:1000",
            "req_id=3f9a1c0de4 trace=0123456789abcdef0123456789abcdef odd=abc1234", "upper 3F9A1C0DE4 stays text",
            "short hex ab12 cafe facade beaded 123abc", "decimal-looking hex 123456789a", "\u{01}\u{02}\u{03} control \u{03}\u{01}",
            "tab\tand newline\nand NUL \u{00} inside", "démon ünïcødé 名前 0xdeadbeef1 🙂 42",
            "10.0.12.34:8080 HTTP/1.1 rt=0.045 0.1 -17 +3 1e9 __42__ _7f3a9b2c_",
            String(repeating: "ab12", count: 70), String(repeating: "9", count: 40), "a" + String(repeating: "f0", count: 200),
            "took 31ms 0.5s 1000kB 007ms 12ab 3rd 5m30s 0x7ffe12ab 99999999999999999999ms 1e5 2026-11-23T09:10:11Z",
        ])
        let bytes = try Self.roundTrip(messages, layout: layout)
        #expect(bytes.first == Self.templatedMode(layout))
    }

    @Test(arguments: layouts)
    func typedVariablesShareTemplatesAndColumns(layout: MessageTemplateLayout) throws {
        let messages = (0..<200).map { i in
            "GET /api/v1/orders?id=\(i * 7919 % 100_000) 200 \(i * 31) req_id=\(String(UInt64(i) &* 0x9E37_79B9_7F4A_7C15, radix: 16))"
        }
        let bytes = try Self.roundTrip(messages, layout: layout)
        #expect(bytes.first == Self.templatedMode(layout))
        // Hex IDs stored as nibbles and numbers as bytes: far smaller than the text, even before zlib.
        let text = messages.reduce(0) { $0 + $1.utf8.count }
        #expect(bytes.count * 2 < text, "stream \(bytes.count) bytes for \(text) bytes of text")
    }

    @Test func freeTextIsStoredPlain() throws {
        let messages = (0..<50).map { "line \(String(repeating: "x", count: $0)) with nothing in common" }
        let bytes = try Self.roundTrip(messages)
        #expect(bytes.first == MessageTemplates.plainMode)
        #expect(try Self.roundTrip([]).first == MessageTemplates.shapedMode)
        #expect(try Self.roundTrip([], layout: .perTemplate).first == MessageTemplates.templatedMode)
    }

    @Test func damagedStreamsAreRefusedNamingTheSection() throws {
        let messages = Self.repeated(["order 12 placed by ab12cd34ef", "order 9 cancelled"])
        let good = Self.stream(messages)
        let size = messages.reduce(0) { $0 + $1.utf8.count }
        func problem(_ bytes: [UInt8], size: Int = size) -> String? {
            do {
                _ = try Self.decode(bytes, messageBytes: size)
                return nil
            } catch {
                #expect(error.field == "sections.templates")
                return error.problem
            }
        }
        #expect(problem(good) == nil)
        #expect(problem([]) == "section 0: empty stream")
        #expect(problem([7] + good.dropFirst())?.contains("unknown mode 7") == true)
        // A stream's mode belongs to its block's version.
        #expect(good.first == MessageTemplates.shapedMode)
        #expect(throws: LogBlockError.self) { try Self.decode(good, messageBytes: size, formatVersion: 3) }
        let version3 = Self.stream(messages, layout: .perTemplate)
        #expect(try Self.decode(version3, messageBytes: size, formatVersion: 3).bytes.count == size)
        #expect(throws: LogBlockError.self) { try Self.decode(version3, messageBytes: size, formatVersion: 4) }
        var plain = Self.stream((0..<10).map { "free text \(String(repeating: "z", count: $0))" })
        #expect(plain.first == MessageTemplates.plainMode)
        #expect(problem(plain, size: 145) == nil)
        plain[2] += 1  // the first line one byte longer: the lengths no longer add up to the bytes
        #expect(problem(plain, size: 145)?.contains("exceed") == true)
        #expect(problem(good, size: size + 1)?.contains("declares") == true)
        #expect(problem(good, size: size - 1)?.contains("exceed") == true)
        #expect(problem(good + [0])?.contains("follow the last column") == true)
        // Counts that would size the reader's own arrays are bounded by the block, not only by the stream.
        #expect(throws: LogBlockError.self) { try Self.decode(good, messageBytes: size, maxLines: messages.count - 1) }
        #expect(try Self.decode(good, messageBytes: size, maxLines: messages.count).bytes.count == size)
        var manyEmptyLines: [UInt8] = [MessageTemplates.templatedMode]
        Varint.append(100_000, to: &manyEmptyLines)  // lines, all of one empty template, declared to fill 0 bytes
        manyEmptyLines += [1, 0] + [UInt8](repeating: 0, count: 100_000)
        #expect(try Self.decode(manyEmptyLines, messageBytes: 0, maxLines: 100_000).lineEnds.count == 100_000)
        #expect(problem(manyEmptyLines, size: 0)?.contains("100000 lines; the block has") == nil, "within the default bound")
        #expect(throws: LogBlockError.self) { try Self.decode(manyEmptyLines, messageBytes: 0, maxLines: 1) }
        let unusedTemplate: [UInt8] = [MessageTemplates.templatedMode, 2, 2, 1, 0x61, 1, 0x62, 0, 0]  // 2 lines of "a", "b" unused
        #expect(problem(unusedTemplate, size: 2)?.contains("used by no line") == true)
        let moreTemplatesThanLines: [UInt8] = [MessageTemplates.templatedMode, 1, 2, 1, 0x61, 1, 0x62, 0]
        #expect(problem(moreTemplatesThanLines, size: 1)?.contains("2 templates for 1 lines") == true)
        let slotsBeyondBytes: [UInt8] = [MessageTemplates.templatedMode, 1, 1, 3, 1, 1, 1, 0, 1, 7, 1, 8, 1, 9]  // "\1\1\1", 2 bytes declared
        #expect(problem(slotsBeyondBytes, size: 2)?.contains("more slots than") == true)
        // Version 4: an integer column's header says how many of its planes are in the tail, at most all.
        let shaped: (UInt8) -> [UInt8] = { header in [MessageTemplates.shapedMode, 2, 1, 1, 1, 0, 0, header, 7, 9] }  // "\1" twice
        #expect(try Self.decode(shaped(0x01), messageBytes: 2).bytes == Array("79".utf8))
        #expect(try Self.decode(shaped(0x11), messageBytes: 2).bytes == Array("79".utf8), "the one plane in the tail")
        #expect(problem(shaped(0x21), size: 2)?.contains("2 of its 1 planes in the tail") == true)
        #expect(problem(shaped(0x09), size: 2)?.contains("9 bytes wide") == true)
        #expect(problem(shaped(0x02), size: 2)?.contains("runs past the stream") == true)
        #expect(problem(shaped(0x12) + [1], size: 2)?.contains("tail planes past the stream") == true)
        // Every truncation fails cleanly, none crashes or reads past the end.
        for cut in 0..<good.count { #expect(problem(Array(good.prefix(cut))) != nil, "cut at \(cut)") }
        // Every single-byte change either decodes to the right size or is refused; none crashes.
        for i in good.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = good
                damaged[i] ^= flip
                _ = problem(damaged)
            }
        }
    }

    @Test(arguments: [UInt8(2), 3, 4, 5])
    func blocksRoundTripInEverySectionedVersion(formatVersion: UInt8) throws {
        let records = SyntheticFleetLines.make(count: 2_000, seed: 77) + LogBlockCodecTests.sampleRecords()
        let block = LogBlockCodec.encode(records, formatVersion: formatVersion)
        #expect(block.formatVersion == formatVersion)
        #expect(try LogBlockCodec.decode(block) == records)
        let lines = try LogBlockCodec.lines(of: block)
        #expect((0..<lines.count).map { lines.record(at: $0).message } == records.map(\.message))
    }

    /// A UUID's 4-digit groups are hex slots (or integers, when all digits), not template text: lines that differ
    /// only in their UUIDs share a handful of templates instead of one each, and still come back byte for byte.
    @Test func linesWithUUIDsShareTemplates() throws {
        var rng = SeededRandom(seed: 4)
        func hex(_ digits: Int) -> String {
            String((0..<digits).map { _ in Array("0123456789abcdef")[Int.random(in: 0..<16, using: &rng)] })
        }
        let messages = (0..<400).map { i in
            "pod \(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12)) ready in \(i)ms"
        }
        var writer = MessageTemplateWriter(layout: .perShape)
        for var message in messages { message.withUTF8 { writer.append($0) } }
        // a group of four digits is an integer (a leading zero stays text), one of four letters a–f stays text:
        // a few dozen shapes and spellings, not 400
        #expect(writer.templateCount < 80, "\(writer.templateCount) templates for 400 lines")
        let stream = try Self.roundTrip(messages)
        print("400 lines with UUIDs: \(writer.templateCount) templates, \(Zlib.deflate(stream, level: 6).count) bytes at zlib level 6")
    }

    /// `0x` literals are the integer 0, `x` and a hex slot: lines that differ only in their addresses share one
    /// template, come back byte for byte, and index each address as the one word it is.
    @Test func hexLiteralsShareTemplatesAndStayOneToken() throws {
        let messages = (0..<300).map { i in
            let address = String(UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
            return "segfault at 0x\(address.prefix(4 + i % 12)) ip 0x\(1000 + i) sp 0x0000\(address.suffix(6)) error 4"
        }
        var writer = MessageTemplateWriter(layout: .perShape)
        var text: Set<UInt64> = []
        for var message in messages {
            message.withUTF8 { writer.append($0) }
            Tokenizer.forEachIndexableTokenHash(in: message) { text.insert($0) }
        }
        #expect(writer.templateCount == 1)
        #expect(writer.tokenHashes == text)
        _ = try Self.roundTrip(messages)
        // Upper-case digits and a bare `0x` stay text: they come back too.
        _ = try Self.roundTrip(Self.repeated(["mask 0x7FFE", "0x alone", "0x 0xg1 00x12 0x0"]))
    }

    /// The section's token filter is built from the writer's tokens, derived while splitting: they must be the
    /// tokenizer's tokens of the messages (or more, next to non-ASCII bytes), or a grep would skip the section.
    @Test func theWriterDerivesTheMessagesTokens() {
        func tokens(_ messages: [String]) -> (writer: Set<UInt64>, text: Set<UInt64>) {
            var writer = MessageTemplateWriter()
            var text: Set<UInt64> = []
            for var message in messages {
                message.withUTF8 { writer.append($0) }
                Tokenizer.forEachIndexableTokenHash(in: message) { text.insert($0) }
            }
            return (writer.tokenHashes, text)
        }
        let fleet = SyntheticFleetLines.make(count: 2_000, seed: 7).map(\.message)
        let ascii = fleet + [
            "trace 3f7044e1c9d3c684 id=abc123 ABC123def456 00ff00 deadbeef 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a",
            "x=007 y=0 z=18446744073709551615 w=0x1f2e3d v=a1 u=_3f7044e1c9 t=3f7044e1c9_ s=3F7044E1C9",
            "\u{01}\u{02}\u{03}12\u{03}abcdef12", "", "_", "a", "ab1234 cd",
            "took 31ms, 1000kB of 2GiB; 12ab 3rd 5m30s 0x7ffe12ab 007ms 1e5 23T09 x1 9_ 42_kb 99999999999999999999ms",
        ]
        let (writer, text) = tokens(ascii + ascii)
        #expect(writer == text, "\(writer.subtracting(text).count) extra, \(text.subtracting(writer).count) missing")
        #expect(!text.isEmpty)
        // Non-ASCII bytes are token bytes: a slot next to one makes that line tokenized from its text.
        let unicode = ["é123 x", "café 42é", "ÿabcdef123 z", "naïve 7f7f7f7a", "日本12語 abc"]
        let (writerU, textU) = tokens(unicode + unicode)
        #expect(writerU.isSuperset(of: textU), "missing \(textU.subtracting(writerU).count)")
    }

    @Test func eachVersionIsSmallerThanTheLastOnFleetLines() {
        let records = SyntheticFleetLines.make(count: 1_000, seed: 2026)
        let v2 = LogBlockCodec.encode(records, formatVersion: 2).compressed.count
        let v3 = LogBlockCodec.encode(records, formatVersion: 3).compressed.count
        let v4 = LogBlockCodec.encode(records, formatVersion: 4).compressed.count
        #expect(v3 * 10 < v2 * 9, "version 3 \(v3) bytes, version 2 \(v2) bytes")
        #expect(v4 < v3, "version 4 \(v4) bytes, version 3 \(v3) bytes")
    }

    /// A deflate block per part (meta column, templates, IDs, columns, tail) is the writer's choice: the same
    /// lines come back either way, and the blocks make the block smaller.
    @Test func aDeflateBlockPerPartChangesOnlyTheSize() throws {
        let records = SyntheticFleetLines.make(count: 1_000, seed: 2027)
        let split = LogBlockCodec.encode(records, formatVersion: 4)
        let whole = LogBlockCodec.encode(records, formatVersion: 4, deflateBlockPerPart: false)
        #expect(try LogBlockCodec.decode(split) == records)
        #expect(try LogBlockCodec.decode(whole) == records)
        #expect(split.uncompressedBytes == whole.uncompressedBytes)
        #expect(split.compressed.count < whole.compressed.count, "\(split.compressed.count) bytes with blocks per part, \(whole.compressed.count) without")
    }

    /// Many templates of one shape (every method, path and client of an access log is a template of its own):
    /// version 4 gives them shared columns, which zlib compresses far better than a handful of values per
    /// template, and ends a deflate block where the near-random tail starts.
    @Test func templatesOfOneShapeShareColumns() throws {
        var random = SeededRandom(seed: 42)
        let paths = ["/api/v1/orders", "/healthz", "/login", "/api/v1/search", "/metrics", "/api/v2/inventory", "/static/app.js", "/cart"]
        let agents = ["curl", "ELB-HealthChecker", "python-requests", "Go-http-client", "Mozilla (X11; Linux)"]  // no numbers: one shape
        let messages = (0..<600).map { _ in
            let hex = String(random.next(), radix: 16) + "f"  // always a letter: always a hex slot
            return "\(random.next() % 256).\(random.next() % 256) \"\(["GET", "POST", "PUT"][Int(random.next() % 3)]) "
                + "\(paths[Int(random.next() % 8)])?id=\(random.next() % 100_000) HTTP/1.1\" 200 \(random.next() % 48_000) "
                + "\"\(agents[Int(random.next() % 5)])\" rt=\(random.next() % 900)ms req_id=\(hex)"
        }
        var sizes: [MessageTemplateLayout: Int] = [:]
        for layout in Self.layouts {
            var writer = MessageTemplateWriter(layout: layout)
            for var message in messages { message.withUTF8 { writer.append($0) } }
            // 8 integer slots and a hex slot: once for the one shape, or once per template (3 × 8 × 5 of them, most used).
            if layout == .perShape { #expect(writer.columnCount == 9) } else { #expect(writer.columnCount > 9 * 100) }
            let (stream, blockEnds) = writer.finishWithBlockEnds()
            #expect(blockEnds.count == (layout == .perShape ? 3 : 0))
            #expect(blockEnds == blockEnds.sorted() && blockEnds.allSatisfy { $0 > 0 && $0 < stream.count })
            sizes[layout] = Zlib.deflate(stream, level: 6, blockEnds: blockEnds).count
            _ = try Self.roundTrip(messages, layout: layout)
        }
        let perShape = try #require(sizes[.perShape]), perTemplate = try #require(sizes[.perTemplate])
        #expect(perShape * 100 < perTemplate * 95, "per shape \(perShape) bytes, per template \(perTemplate) bytes")
    }

    /// Block boundaries change how zlib codes the stream, never what it inflates to.
    @Test func deflateBlockEndsInflateToTheSameBytes() throws {
        let input = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 * $0 >> 3) }
        for ends in [[], [0], [2_500], [1, 2, 3, 4_999], [5_000], [0, 0, 2_000, 2_000, 5_000]] {
            let compressed = Zlib.deflate(input, level: 6, blockEnds: ends)
            #expect(try Zlib.inflate(compressed, limit: 10_000) == input, "block ends \(ends)")
        }
        #expect(try Zlib.inflate(Zlib.deflate([], level: 1, blockEnds: [0]), limit: 10) == [])
    }
}
