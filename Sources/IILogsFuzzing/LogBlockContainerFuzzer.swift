import IILogsCore

/// Reads the bytes as a sectioned block (`u32 LE uncompressedBytes`, `u32 LE lineCount`, then the container;
/// the checksum is made to match, as the wire decoder would have checked it) through every reader of
/// ``LogBlockCodec``, and checks they agree: what the full decode returns, the keeping decode, the rules'
/// line view and the times-only reader return too, and the section-pruning decode returns a part of it.
///
/// Every input is read five times, as a version-2, -3, -4, -5 and -6 block (their containers differ only in the
/// extra `streamLength` per section header of versions 3 to 6, whose section streams differ in mode, version 5's
/// meta stream in its line kinds and procIDs, and version 6's dictionary prefix), so the seeds written before a
/// version existed stay meaningful and each input also probes the other versions' parsers. As version 6 the
/// input's container is a version-5 container whose templated sections are mode 3: the fuzzer puts
/// ``dictionary``'s id and checksum in front of it and hands every reader that dictionary, so a mutation reaches
/// the sections and their dictionary references (`TemplateDictionary.resolving`) instead of stopping at a
/// dictionary mismatch. Streams made only of stored deflate blocks (the `stored-` seeds, compression level 0)
/// get their Adler-32 made to match too, so a mutated message section reaches the template reader instead of
/// stopping at zlib's check.
public enum LogBlockContainerFuzzer {
    /// Inflated size the fuzzer allows a block (the collector's default is larger; small keeps runs fast).
    static let maxUncompressedBytes = 1 << 20
    /// The sectioned layouts each input is read as without a template dictionary.
    static let formatVersions: [UInt8] = [2, 3, 4, 5]
    /// The layout each input is also read as with ``dictionary``: the input holds its container without the
    /// dictionary prefix.
    static let dictionaryFormatVersion = LogBlockCodec.dictionaryFormatVersion

    /// The one template dictionary (id 1) every version-6 input is read with: the templates the encoder makes of
    /// some of the seeds' lines (fleet sshd, mixed apps' nginx and app, big section's nginx), so a seed's section
    /// refers to the dictionary for some templates and keeps the others (kernel, short sshd) inline, and a few
    /// templates of integer (0x01) and hex (0x02) slots no seed uses, among them in byte order (so references
    /// skip entries). Spelled out rather than trained, so the seeds' references keep their meaning when the
    /// encoder changes.
    static let dictionary: TemplateDictionary = {
        let templates = [
            "Accepted publickey for deploy from \u{01}.\u{01}.\u{01}.\u{01} port \u{01} ssh2: ED25519 SHA256:\u{02}",
            "GET /api/v2/orders/\u{01} \u{01} \u{01} rt=\u{01}.0\u{01} upstream=\u{01}.\u{01}.\u{01}.\u{01}",
            String(repeating: "upstream timed out while reading response header ", count: 2) + "\u{01}",
            // Used by no seed.
            "\u{01}", "\u{02}", "Accepted publickey for \u{01} from \u{01}.\u{01}.\u{01}.\u{01}", "GET /api/v2/orders/\u{01} 404 \u{01}",
            "req_id=\u{02} took \u{01}ms", "session \u{02} closed after \u{01}s",
        ]
        guard let dictionary = TemplateDictionary(id: 1, templates: templates.map { Array($0.utf8) }) else {
            preconditionFailure("the fuzz dictionary is within the limits")
        }
        return dictionary
    }()

    static func run(_ bytes: [UInt8]) {
        for formatVersion in formatVersions {
            guard let block = block(from: bytes, formatVersion: formatVersion) else { return }
            check(block)
        }
        guard let block = block(from: bytes, formatVersion: dictionaryFormatVersion) else { return }
        check(block, templateDictionary: dictionary)
    }

    /// The readers' agreement on one block, each reader given `templateDictionary` (version 6).
    static func check(_ block: EncodedLogBlock, templateDictionary: TemplateDictionary? = nil) {
        let decoded = try? LogBlockCodec.decode(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary)
        let keptAll = try? LogBlockCodec.decode(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary) { _ in true }
        guard let records = decoded else {
            FuzzInvariant.check(keptAll == nil, "the keeping decode accepts a block the full decode refuses", target: .logBlockContainer)
            return
        }
        FuzzInvariant.check(keptAll.map { $0.map(\.record) } == records && keptAll?.map(\.index) == Array(records.indices),
                            "the keeping decode differs from the full decode", target: .logBlockContainer)
        // Prune by the tokens of the first line's message: what survives must be the full decode's matching lines.
        let phrase = records.first.map { TokenPhraseMatcher(phrase: String($0.message.prefix(12))) }
        if let phrase, let pruned = try? LogBlockCodec.decode(block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary,
                                                              requiredTokens: phrase.tokenHashes, requiredTextTokens: phrase.textTokenHashes, keeping: { phrase.matches(bytes: $0.message) }) {
            // A fuzzed section filter may lie (drop lines), never invent them: the pruned lines are matching lines
            // of the full decode, in order.
            let expected = Set(records.indices.filter { phrase.matches(records[$0].message) })
            FuzzInvariant.check(pruned.allSatisfy { expected.contains($0.index) && records[$0.index] == $0.record }
                                    && pruned.map(\.index) == pruned.map(\.index).sorted(),
                                "pruned decode \(pruned.map(\.index)) is not within filtering the full decode \(expected.sorted())",
                                target: .logBlockContainer)
        } else {
            FuzzInvariant.check(phrase == nil, "the pruning decode refuses a block the full decode reads", target: .logBlockContainer)
        }
        guard let lines = try? LogBlockCodec.lines(of: block, maxUncompressedBytes: maxUncompressedBytes, templateDictionary: templateDictionary,
                                                    inflatingSectionsWhere: { $0.words.count % 2 == 0 }) else {
            FuzzInvariant.check(false, "the line view refuses a block the full decode reads", target: .logBlockContainer)
            return
        }
        FuzzInvariant.check(lines.count == records.count, "the line view has \(lines.count) lines, not \(records.count)", target: .logBlockContainer)
        for i in records.indices where lines.isMessageLoaded(at: i) {
            var withoutFields = records[i]
            withoutFields.fields = []
            FuzzInvariant.check(lines.record(at: i) == withoutFields, "the line view's line \(i) differs", target: .logBlockContainer)
        }
        let timesAndSeverities = try? LogBlockCodec.timesAndSeverities(of: block, maxUncompressedBytes: maxUncompressedBytes)
        FuzzInvariant.check(timesAndSeverities?.times == records.map(\.time.nanosecondsSinceEpoch)
                                && timesAndSeverities?.severities == records.map(\.severity),
                            "times and severities differ from the full decode", target: .logBlockContainer)
    }

    /// The block of `formatVersion` the input describes, with a summary (times, severities) that a decode of its
    /// own lines would produce when it is readable, so the summary checks pass for well-formed containers.
    /// Version 6 puts ``dictionary``'s id and checksum in front of the input's container.
    static func block(from bytes: [UInt8], formatVersion: UInt8) -> EncodedLogBlock? {
        guard bytes.count >= 8 else { return nil }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        let container = StoredZlib.repairingChecksums(
            in: formatVersion >= dictionaryFormatVersion ? dictionaryPrefix + bytes[8...] : Array(bytes[8...]), formatVersion: formatVersion)
        var block = EncodedLogBlock(
            formatVersion: formatVersion,
            summary: BlockSummary(lineCount: u32(4), minTime: .zero, maxTime: .zero, severityCounts: Array(repeating: 0, count: 8), tokenFilter: .empty),
            uncompressedBytes: u32(0), checksum: CRC32.checksum(container), compressed: container)
        // Borrow the times and severities the container itself holds (readable without the summary).
        if let (times, severities) = try? LogBlockCodec.timesAndSeverities(of: block, maxUncompressedBytes: maxUncompressedBytes),
           let lo = times.min(), let hi = times.max() {
            block.summary.minTime = Timestamp(nanosecondsSinceEpoch: lo)
            block.summary.maxTime = Timestamp(nanosecondsSinceEpoch: hi)
            for severity in severities { block.summary.severityCounts[Int(severity.rawValue)] += 1 }
        }
        return block
    }

    /// The seeds of `fuzz/corpus/log-block-container` (`iilogs-fuzz write-seeds log-block-container DIR`
    /// writes them): blocks of no line, one line, mixed apps (several sections, fields) and one big app, each
    /// as version 2 (the names without a prefix, kept from before version 3), version 3 (`v3-`), 4 (`v4-`), 5
    /// (`v5-`) and 6 (`v6-`, encoded with ``dictionary``, its prefix left out); and version-3 to -6 blocks with
    /// stored (level-0) streams, whose mutated message sections reach the template reader: fleet lines (templated
    /// sections: numbers, hex IDs), free text with control bytes and UTF-8 (plain), and procIDs versions 5 and 6
    /// keep as strings. The version-6 seeds' templated sections name some templates from ``dictionary`` and keep
    /// the others inline.
    public static func seeds() -> [(name: String, input: [UInt8])] {
        let mixed = SeedLines.mixed, big = SeedLines.big, fleet = SeedLines.fleet, freeText = SeedLines.freeText
        let plain: [(String, [LogRecord], UInt8, Int32)] = [("empty", [], 2, 1), ("one-line", [SeedLines.line(0, "app", "hello")], 2, 1),
                                                            ("mixed-apps", mixed, 2, 1), ("big-section", big, 2, 1)]
        let version3 = plain.map { ("v3-" + $0.0, $0.1, UInt8(3), $0.3) }
        let version4 = plain.map { ("v4-" + $0.0, $0.1, UInt8(4), $0.3) }
        let version5 = plain.map { ("v5-" + $0.0, $0.1, UInt8(5), $0.3) }
        // Version 5 keeps procIDs that are not all plain decimals in the dictionary.
        let namedProcIDs = mixed.enumerated().map { i, record in
            var record = record
            record.procID = ["", "0042", "nginx-worker", "123456789012345678901", "7"][i % 5]
            return record
        }
        let stored: [(String, [LogRecord], UInt8, Int32)] = [("v3-stored-fleet", fleet, 3, 0), ("v3-stored-free-text", freeText, 3, 0),
                                                             ("v4-stored-fleet", fleet, 4, 0), ("v4-stored-free-text", freeText, 4, 0),
                                                             ("v5-stored-fleet", fleet, 5, 0), ("v5-stored-free-text", freeText, 5, 0),
                                                             ("v5-stored-named-procids", namedProcIDs, 5, 0)]
        // Version 6: the version-5 seeds again, their sections referring to the fuzz dictionary.
        let version6 = (version5 + stored.filter { $0.2 == 5 }).map { name, records, _, level in
            ("v6-" + name.dropFirst(3), records, dictionaryFormatVersion, level)
        }
        return (plain + version3 + version4 + version5 + stored + version6).map { name, records, formatVersion, level in
            guard formatVersion == dictionaryFormatVersion else {
                return (name, input(for: LogBlockCodec.encode(records, compressionLevel: level, formatVersion: formatVersion)))
            }
            let block = LogBlockCodec.encode(records, compressionLevel: level, templateDictionary: dictionary)
            precondition(block.compressed.starts(with: dictionaryPrefix), "a version-6 container starts with its dictionary's id and checksum")
            return (name, input(for: block, droppingFirst: dictionaryPrefix.count))
        }
    }

    /// The bytes a version-6 container using ``dictionary`` starts with: its id (varint) and checksum (u32 LE).
    static let dictionaryPrefix = dictionary.containerPrefix

    /// A fuzz input holding `block`, its container without its first `droppingFirst` bytes (version 6's
    /// dictionary prefix, which the fuzzer puts back).
    static func input(for block: EncodedLogBlock, droppingFirst: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        for value in [block.uncompressedBytes, block.summary.lineCount] {
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return out + block.compressed.dropFirst(droppingFirst)
    }

    /// The lines of the seeds (``dictionary`` holds some of their templates).
    enum SeedLines {
        static let base = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)

        static func line(_ i: Int, _ app: String, _ message: String, fields: [LogField] = []) -> LogRecord {
            LogRecord(time: base.adding(nanoseconds: Int64(i) * 1_000_000), severity: Severity(rawValue: UInt8(i % 8)) ?? .info, facility: 3,
                      hostname: "web-1", app: app, procID: "\(100 + i % 3)", message: message, fields: fields)
        }

        /// Kernel, nginx and app lines with a few fields: several sections.
        static var mixed: [LogRecord] {
            (0..<90).map { i in
                i % 3 == 0 ? line(i, "kernel", "[\(i).5] Out of memory: Killed process \(i) (app) total-vm:\(i * 1000)kB")
                    : line(i, i % 3 == 1 ? "nginx" : "app", "GET /api/v2/orders/\(i) 200 \(i * 7) rt=0.0\(i % 10) upstream=10.0.0.\(i)",
                           fields: i % 5 == 0 ? [LogField("k", "v\(i)")] : [])
            }
        }

        /// Many nginx lines (a section of their own) and a few sshd lines.
        static var big: [LogRecord] {
            (0..<80).map { i in line(i, "nginx", String(repeating: "upstream timed out while reading response header ", count: 2) + "\(i)") }
                + (0..<10).map { i in line(i, "sshd", "Accepted publickey for deploy from 10.0.0.\(i)") }
        }

        /// Fleet lines: templated sections of numbers and hex IDs.
        static var fleet: [LogRecord] {
            (0..<36).map { i in
                let id = String(UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
                return i % 4 == 3
                    ? line(i, "sshd", "Accepted publickey for deploy from 10.0.\(i).\(i * 7 % 256) port \(40_000 + i * 113) ssh2: ED25519 SHA256:\(id.prefix(10))")
                    : line(i, "orders-api", "order=\(String(format6: i * 7919)) user=\(12_345_678_901_234_567_890 as UInt64 - UInt64(i)) "
                        + "req_id=\(id) trace=\(id.prefix(8 + i % 9).uppercased()) took \(i * 37)ms")
            }
        }

        /// Free text with control bytes and UTF-8: plain sections.
        static var freeText: [LogRecord] {
            ["kernel: \u{01}\u{02}\u{03} raw control bytes", "démon ünïcødé 名前 🙂 0xdeadbeef1", "", "tab\tand NUL \u{00} inside",
             "007 agents, 000000000000000000000000123 zeros, 18446744073709551615 max"].enumerated().map { line($0, "kernel", $1) }
        }
    }
}

private extension String {
    /// `value` as six decimal digits with leading zeros (fleet IDs such as `order=004711`).
    init(format6 value: Int) {
        let digits = String(value % 1_000_000)
        self = String(repeating: "0", count: 6 - digits.count) + digits
    }
}
