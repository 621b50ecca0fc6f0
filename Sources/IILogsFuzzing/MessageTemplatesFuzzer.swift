import IILogsCore

/// Version-3 and version-4 message sections (``MessageTemplateWriter`` and ``MessageTemplateReader``), without the
/// zlib and container layers around them. Each input is used twice, each time for both versions (both layouts):
///
/// - **Reader totality**: `u32 LE declared size` (capped at ``maxDeclaredBytes``) then a section stream.
///   `MessageTemplateReader.decode` either throws a `LogBlockError` naming `sections.templates` or fills the
///   declared size exactly and returns line ends that rise within it and end at it.
/// - **Writer round trip**: the whole input split at 0x0A into messages (any bytes: invalid UTF-8, 0x01–0x03,
///   empty lines), written by a `MessageTemplateWriter` and decoded into its `messageBytes`: the same bytes, the
///   same line ends, and one byte more or less of room is refused. Done for the messages as they are (the writer
///   picks templated or plain) and for them twice over (templated by force: the slots are always exercised).
///   The writer's token hashes (what the section's token filter is built from) hold every ``Tokenizer`` token of
///   the messages, and no other when the messages are ASCII.
public enum MessageTemplatesFuzzer {
    /// Largest declared section size the reader is given (bigger sizes are clamped, so the fuzzer does not spend
    /// its time allocating).
    static let maxDeclaredBytes = 1 << 20

    static func run(_ bytes: [UInt8]) {
        readerIsTotal(bytes)
        writerRoundTrips(bytes)
    }

    /// Decodes `stream` into `size` bytes: the bytes and line ends, or the error.
    /// `prefilled` writes 0xEE over the output first (so a byte the reader skips shows); without it the output
    /// is left uninitialized, which keeps a large declared size cheap when the stream is refused early.
    static func decode(_ stream: [UInt8], size: Int, prefilled: Bool = true,
                       formatVersion: UInt8) -> Result<(bytes: [UInt8], lineEnds: [Int]), LogBlockError> {
        var out = prefilled ? [UInt8](repeating: 0xEE, count: size) : [UInt8](unsafeUninitializedCapacity: size) { $1 = size }
        do throws(LogBlockError) {
            let ends = try stream.withUnsafeBufferPointer { stream throws(LogBlockError) in
                try out.withUnsafeMutableBufferPointer { out throws(LogBlockError) in
                    try MessageTemplateReader.decode(stream, into: out, maxLines: stream.count, section: 0, formatVersion: formatVersion)
                }
            }
            return .success((out, ends))
        } catch {
            return .failure(error)
        }
    }

    static func readerIsTotal(_ bytes: [UInt8]) {
        guard bytes.count >= 4 else { return }
        let declared = bytes.prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let size = min(declared, maxDeclaredBytes)
        for formatVersion: UInt8 in [3, 4] {
            readerIsTotal(Array(bytes[4...]), size: size, formatVersion: formatVersion)
        }
    }

    static func readerIsTotal(_ stream: [UInt8], size: Int, formatVersion: UInt8) {
        switch decode(stream, size: size, prefilled: false, formatVersion: formatVersion) {
        case .failure(let error):
            FuzzInvariant.check(error.field == "sections.templates", "the reader refuses naming \(error.field): \(error.problem)",
                                target: .messageTemplates)
        case .success(let decoded):
            FuzzInvariant.check(decoded.bytes.count == size, "the reader's output changed size", target: .messageTemplates)
            FuzzInvariant.check((decoded.lineEnds.last ?? 0) == size,
                                "the last line ends at \(decoded.lineEnds.last ?? 0) of \(size) bytes", target: .messageTemplates)
            FuzzInvariant.check(zip(decoded.lineEnds, decoded.lineEnds.dropFirst()).allSatisfy { $0 <= $1 }
                                    && decoded.lineEnds.allSatisfy { (0...size).contains($0) },
                                "line ends \(decoded.lineEnds.prefix(16)) fall or leave 0...\(size)", target: .messageTemplates)
        }
    }

    static func writerRoundTrips(_ bytes: [UInt8]) {
        let messages = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        for layout in [MessageTemplateLayout.perTemplate, .perShape] {
            roundTrip(messages, layout: layout, checkingRoom: true)
            // Twice over, every template is used at least twice, so the writer (which goes plain only when most lines
            // have a template of their own) writes templates and slot columns.
            roundTrip(messages + messages, layout: layout)
        }
    }

    /// Writes `messages`, decodes the stream and checks it gives them back (and, `checkingRoom`, that it is refused
    /// with one byte more or less of room).
    static func roundTrip(_ messages: [[UInt8]], layout: MessageTemplateLayout, checkingRoom: Bool = false) {
        var writer = MessageTemplateWriter(layout: layout)
        let formatVersion: UInt8 = layout == .perShape ? 4 : 3
        for message in messages { message.withUnsafeBufferPointer { writer.append($0) } }
        let stream = writer.finish()
        let expected = messages.flatMap { $0 }
        var ends: [Int] = []
        for message in messages { ends.append((ends.last ?? 0) + message.count) }
        // The section's token filter comes from the writer: it must hold every token of every message (a missing one
        // would hide lines from a grep), and exactly those when the text is ASCII (docs/CHUNK-FORMAT.md).
        var textTokens: Set<UInt64> = []
        for message in messages {
            message.withUnsafeBufferPointer { Tokenizer.forEachIndexableTokenHash(in: $0) { textTokens.insert($0) } }
        }
        let writerTokens = writer.tokenHashes
        FuzzInvariant.check(writerTokens.isSuperset(of: textTokens),
                            "the writer's tokens miss \(textTokens.subtracting(writerTokens).count) of the messages' \(textTokens.count)",
                            target: .messageTemplates)
        FuzzInvariant.check(expected.contains { $0 >= 0x80 } || writerTokens == textTokens,
                            "the writer has \(writerTokens.subtracting(textTokens).count) tokens the ASCII messages do not",
                            target: .messageTemplates)
        FuzzInvariant.check(writer.messageBytes == expected.count && writer.lineCount == messages.count,
                            "the writer counts \(writer.lineCount) lines of \(writer.messageBytes) bytes, not \(messages.count) of \(expected.count)",
                            target: .messageTemplates)
        switch decode(stream, size: writer.messageBytes, formatVersion: formatVersion) {
        case .failure(let error):
            FuzzInvariant.check(false, "the writer's stream does not decode: \(error)", target: .messageTemplates)
        case .success(let decoded):
            if decoded.bytes != expected {
                let at = zip(decoded.bytes, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(decoded.bytes.count, expected.count)
                FuzzInvariant.check(false, "the messages come back different from byte \(at): \(decoded.bytes[at...].prefix(24)) "
                                        + "for \(expected[at...].prefix(24))", target: .messageTemplates)
            }
            FuzzInvariant.check(decoded.lineEnds == ends, "line ends \(decoded.lineEnds.prefix(16)) for \(ends.prefix(16))",
                                target: .messageTemplates)
            // Stream modes belong to versions: a version-4 stream is refused as version 3 and the other way round.
            let other: UInt8 = formatVersion == 4 ? 3 : 4
            if stream.first != 0, case .success = decode(stream, size: writer.messageBytes, formatVersion: other) {
                FuzzInvariant.check(false, "a version-\(formatVersion) stream decodes as version \(other)", target: .messageTemplates)
            }
        }
        for size in [writer.messageBytes + 1, writer.messageBytes - 1] where checkingRoom && size >= 0 {
            if case .success = decode(stream, size: size, prefilled: false, formatVersion: formatVersion) {
                FuzzInvariant.check(false, "the writer's stream of \(writer.messageBytes) bytes fills \(size)", target: .messageTemplates)
            }
        }
    }

    /// The seeds of `fuzz/corpus/message-templates` (`iilogs-fuzz write-seeds message-templates DIR` writes them):
    /// fleet-like message sets (numbers with and without leading zeros, 18–20-digit numbers, lower- and
    /// upper-case hex IDs of many lengths, control bytes 0x01–0x03, UTF-8 and invalid UTF-8), free text that the
    /// writer stores plain, and the writer's own streams (`stream-`: version 3's templated and plain layouts;
    /// `stream-shaped-`: version 4's, with suffixed integers) behind their declared size.
    public static func seeds() -> [(name: String, input: [UInt8])] {
        func hex(_ i: Int, _ digits: Int) -> String {
            var text = ""
            var value = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
            while text.count < digits {
                text += String(value, radix: 16)
                value = value &* 0xBF58_476D_1CE4_E5B9 &+ 1
            }
            return String(text.prefix(digits))
        }
        let requests = (0..<30).map { i in
            "GET /api/v1/orders/\(i * 7919 % 100_000) 200 \(i * 31)ms bytes=\(i * i * 977) req_id=\(hex(i, 16)) trace=\(hex(i, 32))"
        }
        let ids = (0..<16).map { i in
            "instance i-0\(hex(i, 16)) ami-\(hex(i, 8)) vol-\(hex(i, 17)) sg-\(hex(i, 6).uppercased()) short=\(hex(i, 5)) long=\(hex(i, i % 4 == 0 ? 255 - i % 3 : 20 + i))"
        }
        let numbers = (0..<18).map { i in
            "seq=\(String(repeating: "0", count: i % 5))\(i) big=\(999_999_999_999_999_990 + UInt64(i % 10)) "
                + "nineteen=\(1_234_567_890_123_456_780 + UInt64(i)) twenty=\(18_446_744_073_709_551_605 + UInt64(i % 10)) "
                + "zero=0 zeros=\(String(repeating: "0", count: 1 + i % 30)) x86_64 v\(i).\(i % 3) 1e\(i) -\(i) +\(i) 0.\(i) huge=99999999999999999\(100 + i) id128=\(UInt64.max - UInt64(i))\(UInt64.max / 3 + UInt64(i))"
        }
        let control = (0..<30).map { i in
            "\u{01}job \(i)\u{02}state=\(i % 3)\u{03}\u{01}\u{01} kv\u{02}\(hex(i, 12))\u{03}"
        }
        let unicode = (0..<30).map { i in "démon ünïcødé 名前 🙂 Zähler=\(i) id=\(hex(i, 10)) café" }
        let freeText = (0..<20).map { i in "line \(String(repeating: "word ", count: i)) with nothing in common" }
        func joined(_ messages: [String]) -> [UInt8] { Array(messages.joined(separator: "\n").utf8) }
        var invalid: [UInt8] = []
        for i in 0..<30 {
            invalid += Array("bytes \(i) ".utf8) + [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80] + Array(" id=\(hex(i, 12)) \u{01}".utf8) + [0xF5, 0x0A]
        }
        func stream(_ text: [UInt8], layout: MessageTemplateLayout = .perTemplate) -> [UInt8] {
            var writer = MessageTemplateWriter(layout: layout)
            for message in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
                Array(message).withUnsafeBufferPointer { writer.append($0) }
            }
            let size = UInt32(writer.messageBytes)
            return (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * UInt32($0))) } + writer.finish()
        }
        // Lines that share templates (numbers and IDs as words of their own), so the writer's streams are templated.
        let fleet = (0..<12).flatMap { i in [
            "GET /api/v1/orders/\(i * 7919 % 100_000) 200 \(i * 31) ms req_id=\(hex(i, 16)) user=\(999_999_999_999_999_999 - UInt64(i) * 1_000_003)",
            "volume vol-0\(hex(i, 17)) attached to i-\(hex(i + 50, 17)) as /dev/nvme\(i % 3)n1 after 00\(i) retries",
        ] }
        // Numbers with units and random planes, so version 4's streams have suffixes, shared columns and a tail.
        let units = (0..<12).map { i in "took \(i * 7919 % 1000)ms rss=\(i &* 104_729 % 90_000)kB cpu=\(i % 3)s id=\(hex(i, 24))" }
        return [
            ("requests", joined(requests)), ("hex-ids", joined(ids)), ("numbers", joined(numbers)), ("control-bytes", joined(control)),
            ("unicode", joined(unicode)), ("free-text", joined(freeText)), ("invalid-utf8", invalid),
            ("empty-lines", Array("\n\n0\n\n00\n".utf8)),
            ("stream-fleet", stream(joined(fleet))), ("stream-fleet-and-control", stream(joined(Array(fleet.prefix(8)) + control.prefix(4)))),
            ("stream-control", stream(joined(Array(control.prefix(10))))), ("stream-plain", stream(joined(Array(freeText.prefix(6))))),
            ("stream-shaped-fleet", stream(joined(fleet + units), layout: .perShape)),
            ("stream-shaped-fleet-and-control", stream(joined(Array(fleet.prefix(8)) + control.prefix(4) + units), layout: .perShape)),
        ]
    }
}
