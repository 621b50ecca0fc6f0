@testable import IILogsCore
import Testing

/// Block format 6: sections that name a store's template dictionary instead of spelling its templates (ADR 016).
struct TemplateDictionaryTests {
    /// A dictionary trained on some blocks of a fleet, as the store builds one from an image's chunks.
    static func trainedDictionary(id: Int64 = 7, seeds: ClosedRange<UInt64> = 1...4) throws -> TemplateDictionary {
        var templates: Set<[UInt8]> = []
        for seed in seeds {
            templates.formUnion(try LogBlockCodec.templates(of: LogBlockCodec.encode(SyntheticFleetLines.make(count: 1_000, seed: seed))))
        }
        return try #require(TemplateDictionary(id: id, templates: templates))
    }

    @Test func aBlockWithADictionaryDecodesToTheSameLinesAndIsSmaller() throws {
        let dictionary = try Self.trainedDictionary()
        let records = SyntheticFleetLines.make(count: 1_000, seed: 99)
        let plain = LogBlockCodec.encode(records)
        let referencing = LogBlockCodec.encode(records, templateDictionary: dictionary)
        #expect(referencing.formatVersion == 6)
        #expect(LogBlockCodec.templateDictionaryID(of: referencing) == 7)
        #expect(LogBlockCodec.templateDictionaryID(of: plain) == nil)
        #expect(try LogBlockCodec.decode(referencing, templateDictionary: dictionary) == records)
        #expect(referencing.summary == plain.summary)
        #expect(referencing.uncompressedBytes == plain.uncompressedBytes)
        // The templates of this fleet mix are most of what its sections hold besides numbers and IDs.
        #expect(referencing.compressed.count < plain.compressed.count - 500,
                "version 6 \(referencing.compressed.count) bytes, version 5 \(plain.compressed.count)")
        let lines = try LogBlockCodec.lines(of: referencing, templateDictionary: dictionary)
        #expect((0..<records.count).allSatisfy { lines.record(at: $0).message == records[$0].message })
    }

    @Test func templatesMissingFromTheDictionaryStayInline() throws {
        let full = try Self.trainedDictionary()
        let half = try #require(TemplateDictionary(id: 8, templates: full.templates.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)))
        let empty = try #require(TemplateDictionary(id: 9, templates: []))
        let records = SyntheticFleetLines.make(count: 600, seed: 5)
        for dictionary in [half, empty] {
            let block = LogBlockCodec.encode(records, templateDictionary: dictionary)
            #expect(try LogBlockCodec.decode(block, templateDictionary: dictionary) == records)
        }
    }

    @Test func aGrepSkipsSectionsOfADictionaryBlockAsBefore() throws {
        let dictionary = try Self.trainedDictionary()
        let records = SyntheticFleetLines.make(count: 1_000, seed: 11)
        let block = LogBlockCodec.encode(records, templateDictionary: dictionary)
        var stats = LogBlockReadStats()
        let phrase = TokenPhraseMatcher(phrase: "SYN flooding")
        let kept = try LogBlockCodec.decode(block, templateDictionary: dictionary, requiredTokens: phrase.tokenHashes,
                                            requiredTextTokens: phrase.textTokenHashes, stats: &stats) { phrase.matches(bytes: $0.message) }
        #expect(kept.map(\.record) == records.filter { phrase.matches($0.message) })
        #expect(stats.sectionsSkipped > 0)
    }

    /// A version-6 section filter holds its templates' text tokens, not the variables' (a request ID, `31ms`): a grep
    /// for a variable is pruned by the block's filter, and its sections are inflated, never skipped.
    @Test func aGrepForAVariableFindsItsLineThoughSectionFiltersLackIt() throws {
        let dictionary = try Self.trainedDictionary()
        let records = SyntheticFleetLines.make(count: 1_000, seed: 12)
        let block = LogBlockCodec.encode(records, templateDictionary: dictionary)
        let plain = LogBlockCodec.encode(records)
        let needle = try #require(records.first { $0.app == "orders-api" }?.message.split(separator: " ").first { $0.hasPrefix("trace_id=") })
        let phrase = TokenPhraseMatcher(phrase: String(needle))
        #expect(phrase.textTokenHashes.count == 1 && phrase.tokenHashes.count == 2)  // trace_id, and the ID itself
        #expect(block.summary.tokenFilter.mightContainAll(phrase.tokenHashes))
        var stats = LogBlockReadStats()
        let kept = try LogBlockCodec.decode(block, templateDictionary: dictionary, requiredTokens: phrase.tokenHashes,
                                            requiredTextTokens: phrase.textTokenHashes, stats: &stats) { phrase.matches(bytes: $0.message) }
        #expect(kept.map(\.record) == records.filter { phrase.matches($0.message) } && kept.count == 1)
        // Without the text tokens nothing is skipped; the lines are the same.
        let unpruned = try LogBlockCodec.decode(block, templateDictionary: dictionary, requiredTokens: phrase.tokenHashes) { phrase.matches(bytes: $0.message) }
        #expect(unpruned.map(\.record) == kept.map(\.record))
        // The section filters shrink: they hold no request or trace IDs.
        func sectionFilterBytes(_ block: EncodedLogBlock) throws -> Int {
            try block.compressed.withUnsafeBufferPointer { bytes in
                try LogBlockContainer.parse(bytes, formatVersion: block.formatVersion, uncompressedBytes: Int(block.uncompressedBytes))
                    .sections.reduce(0) { $0 + $1.filter.bytes.count }
            }
        }
        let (textOnly, all) = (try sectionFilterBytes(block), try sectionFilterBytes(plain))
        #expect(textOnly * 3 < all, "\(textOnly) vs \(all) bytes of section filters")
    }

    @Test func readingTakesTheDictionaryTheBlockNames() throws {
        let dictionary = try Self.trainedDictionary(id: 7)
        let block = LogBlockCodec.encode(SyntheticFleetLines.make(count: 300, seed: 3), templateDictionary: dictionary)
        #expect(throws: LogBlockError(field: "container.templateDictionary",
                                      problem: "the block refers to template dictionary 7, which was not supplied")) {
            try LogBlockCodec.decode(block)
        }
        let sameIDOtherTemplates = try #require(TemplateDictionary(id: 7, templates: dictionary.templates.dropLast()))
        let otherID = try #require(TemplateDictionary(id: 8, templates: dictionary.templates))
        for wrong in [sameIDOtherTemplates, otherID] {
            #expect { try LogBlockCodec.decode(block, templateDictionary: wrong) } throws: { error in
                (error as? LogBlockError)?.field == "container.templateDictionary"
            }
        }
        // Times and severities come from the meta stream and need no dictionary.
        #expect(try LogBlockCodec.timesAndSeverities(of: block).times.count == 300)
    }

    @Test func storedBytesReadBackAndAreChecked() throws {
        let dictionary = try Self.trainedDictionary()
        let read = try TemplateDictionary(id: dictionary.id, bytes: dictionary.bytes)
        #expect(read == dictionary)
        #expect(read.checksum == CRC32.checksum(dictionary.bytes))

        func bytes(_ templates: [[UInt8]]) -> [UInt8] {
            var out: [UInt8] = [UInt8(templates.count)]
            for template in templates { out += [UInt8(template.count)] + template }
            return out
        }
        let cases: [([UInt8], String)] = [
            (bytes([Array("b".utf8), Array("a".utf8)]), "template 1 is not after template 0 in byte order"),
            (bytes([Array("a".utf8), Array("a".utf8)]), "template 1 is not after template 0 in byte order"),
            (bytes([[]]), "template 0 is empty"),
            (bytes([Array("a".utf8)]) + [0], "1 bytes follow the last template"),
            ([5, 1], "template count 5 runs past its 2 bytes"),
            ([1, 5, 0x61], "template 0 length 5 runs past its 3 bytes"),
        ]
        for (stored, problem) in cases {
            #expect(throws: LogBlockError(field: "templateDictionary", problem: "dictionary 3: \(problem)")) {
                try TemplateDictionary(id: 3, bytes: stored)
            }
        }
        #expect(TemplateDictionary(id: 0, templates: []) == nil)
        #expect(TemplateDictionary(id: 1, templates: [[UInt8](repeating: 0x61, count: TemplateDictionary.maxTemplateBytes + 1)]) == nil)
    }

    /// A reference past the dictionary, or a dictionary whose templates would blow a section past the limit, is an
    /// error naming the section, never a crash or a silent truncation.
    @Test func damagedReferencesAreNamed() throws {
        let dictionary = try #require(TemplateDictionary(id: 2, templates: [Array("GET \u{01}".utf8), Array("PUT \u{01}".utf8)]))
        let records = (0..<40).map { i in
            LogRecord(time: Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000 + Int64(i)), severity: .info, facility: 1,
                      hostname: "h", app: "web", message: i % 2 == 0 ? "GET \(i)" : "PUT \(i)")
        }
        let block = LogBlockCodec.encode(records, templateDictionary: dictionary)
        #expect(try LogBlockCodec.decode(block, templateDictionary: dictionary) == records)
        // Mode 3, 2 lines, 2 templates, first reference x = 3 (> D = 2) instead of 1.
        let stream: [UInt8] = [3, 2, 2, 3, 1]
        #expect(throws: LogBlockError(field: "sections.templates", problem: "section 0: template 0 refers 3 past the previous of 2 dictionary templates")) {
            try stream.withUnsafeBufferPointer { try dictionary.resolving($0, maxLines: 40, maxBytes: 1 << 20, section: 0) }
        }
        #expect(throws: LogBlockError(field: "sections.templates", problem: "section 0: its templates resolve to more than 8 bytes")) {
            try [UInt8]([3, 2, 2, 1, 1]).withUnsafeBufferPointer { try dictionary.resolving($0, maxLines: 40, maxBytes: 8, section: 0) }
        }
        #expect(throws: LogBlockError(field: "sections.templates", problem: "section 0: unknown mode 2 for format version 6")) {
            try [UInt8]([2, 0, 0]).withUnsafeBufferPointer { try dictionary.resolving($0, maxLines: 40, maxBytes: 8, section: 0) }
        }
    }
}
