@testable import IILogsCore
import Testing

/// Version-2 to -4 blocks: messages in per-app sections, each with its own token filter, so a grep inflates only
/// the sections that may hold its phrase — and finds exactly what a full decode and filter find.
@Suite struct LogBlockSectionTests {
    static let records = SyntheticFleetLines.make(count: 1_500, seed: 21) + LogBlockCodecTests.sampleRecords()

    static func container(of block: EncodedLogBlock) throws -> LogBlockContainer {
        try block.compressed.withUnsafeBufferPointer {
            try LogBlockContainer.parse($0, formatVersion: block.formatVersion, uncompressedBytes: Int(block.uncompressedBytes))
        }
    }

    @Test func bigAppsGetTheirOwnSectionAndSmallOnesShareOne() throws {
        let block = LogBlockCodec.encode(Self.records)
        let container = try Self.container(of: block)
        let meta = LogBlockBodyWriter(records: Self.records, messages: .none)
        let names = container.sections.map { Set($0.apps.map { meta.dictionaryStrings[$0] }) }
        // nginx, orders-api, sshd and kernel have kilobytes of messages each; the sample's apps a few bytes.
        #expect(names.prefix(4).allSatisfy { $0.count == 1 })
        #expect(Set(names.prefix(4).map { $0.first! }) == ["nginx", "orders-api", "sshd", "kernel"])
        #expect(names.last == ["api", "démon", ""])
        #expect(container.sections.map(\.inflatedLength).reduce(container.metaInflatedLength, +) == Int(block.uncompressedBytes))
    }

    /// A section filter is asked only about blocks whose own filter passed, so it gets half the bits per token.
    @Test func sectionFiltersHoldTheirTokensInFewerBitsThanTheBlocksFilter() throws {
        let block = LogBlockCodec.encode(Self.records)
        let container = try Self.container(of: block)
        let meta = LogBlockBodyWriter(records: Self.records, messages: .none)
        for section in container.sections {
            let apps = Set(section.apps.map { meta.dictionaryStrings[$0] })
            var tokens: Set<UInt64> = []
            for record in Self.records where apps.contains(record.app) {
                Tokenizer.forEachIndexableTokenHash(in: record.message) { tokens.insert($0) }
                Tokenizer.forEachIndexableTokenHash(in: record.app) { tokens.insert($0) }
            }
            #expect(tokens.allSatisfy(section.filter.mightContain))
            let bits = max(64, tokens.count * TokenFilter.sectionBitsPerToken)
            #expect(section.filter.words.count == (bits + 63) / 64, "section of \(apps.sorted())")
        }
        var all: Set<UInt64> = []
        for record in Self.records {
            Tokenizer.forEachIndexableTokenHash(in: record.message) { all.insert($0) }
            Tokenizer.forEachIndexableTokenHash(in: record.app) { all.insert($0) }
        }
        #expect(block.summary.tokenFilter.words.count == (all.count * TokenFilter.bitsPerToken + 63) / 64)
    }

    @Test func aGrepInflatesOnlyTheSectionsHoldingItsTokensAndFindsWhatAFullScanFinds() throws {
        let block = LogBlockCodec.encode(Self.records)
        let phrase = TokenPhraseMatcher(phrase: "Possible SYN flooding")
        var shown = 0
        let kept = try LogBlockCodec.decode(block, requiredTokens: phrase.tokenHashes) { line in
            shown += 1
            return phrase.matches(bytes: line.message)
        }
        let expected = Self.records.enumerated().filter { phrase.matches($0.element.message) }
        #expect(!expected.isEmpty)
        #expect(kept.map(\.index) == expected.map(\.offset))
        #expect(kept.map(\.record) == expected.map(\.element))
        // Only the kernel section's lines were looked at.
        #expect(shown == Self.records.filter { $0.app == "kernel" }.count)
        // Without the tokens every line is shown.
        shown = 0
        _ = try LogBlockCodec.decode(block) { _ in shown += 1; return false }
        #expect(shown == Self.records.count)
    }

    /// The rules' reader: lines of a section left compressed keep their times, severities and apps.
    @Test func linesLeaveUnwantedSectionsCompressedButLocateEveryLine() throws {
        let block = LogBlockCodec.encode(Self.records)
        let kernel = Tokenizer.indexableTokenHashes(of: "kernel")
        let lines = try LogBlockCodec.lines(of: block) { $0.mightContainAll(kernel) }
        #expect(lines.count == Self.records.count)
        for (i, record) in Self.records.enumerated() {
            #expect(lines.time(at: i) == record.time.nanosecondsSinceEpoch)
            #expect(lines.severity(at: i) == record.severity)
            #expect(lines.dictionary[lines.appIndex(at: i)] == record.app)
            #expect(lines.isMessageLoaded(at: i) == (record.app == "kernel"))
            if lines.isMessageLoaded(at: i) {
                #expect(lines.withMessageBytes(at: i) { String(decoding: $0, as: UTF8.self) } == record.message)
            }
        }
    }

    @Test func tokensNoSectionHoldsInflateNoMessages() throws {
        let block = LogBlockCodec.encode(Self.records)
        let inflated = try LogBlockCodec.inflate(block, maxUncompressedBytes: 1 << 20) { _ in false }
        #expect(inflated.messages == [])
        var shown = 0
        let kept = try LogBlockCodec.decode(block, requiredTokens: Tokenizer.indexableTokenHashes(of: "zyzzyva quokka")) { _ in
            shown += 1
            return true
        }
        #expect(kept.isEmpty && shown == 0)
    }

    @Test func anAppsNameFindsItsLinesThroughItsSection() throws {
        let block = LogBlockCodec.encode(Self.records)
        let phrase = TokenPhraseMatcher(phrase: "sshd")
        let kept = try LogBlockCodec.decode(block, requiredTokens: phrase.tokenHashes) { phrase.matches(bytes: $0.message) || phrase.matches($0.app) }
        #expect(kept.count == Self.records.filter { $0.app == "sshd" }.count)
    }

    /// A section can inflate to nothing (every message of its apps empty).
    @Test func emptyMessagesRoundTrip() throws {
        let records = (0..<5).map { LogRecord(time: Timestamp(nanosecondsSinceEpoch: Int64($0)), app: $0 % 2 == 0 ? "a" : "", message: "") }
        let block = LogBlockCodec.encode(records)
        #expect(try Self.container(of: block).sections.map(\.inflatedLength) == [0])
        #expect(try LogBlockCodec.decode(block) == records)
        #expect(try LogBlockCodec.decode(block, requiredTokens: []) { _ in true }.map(\.record) == records)
    }

    @Test func moreAppsThanSectionsShareTheLastSection() throws {
        var rng = SeededRandom(seed: 77)
        let records = (0..<40).flatMap { app in
            (0..<30).map { i in
                LogRecord(time: Timestamp(nanosecondsSinceEpoch: Int64(app * 100 + i)), severity: .info, app: "app-\(app)",
                          message: "worker \(i) of app \(app) finished batch \(String(repeating: "x", count: 80))")
            }
        }.shuffled(using: &rng)
        let block = LogBlockCodec.encode(records)
        let container = try Self.container(of: block)
        #expect(container.sections.count == LogBlockContainer.maxSections)
        #expect(container.sections.last!.apps.count == 40 - (LogBlockContainer.maxSections - 1))
        #expect(try LogBlockCodec.decode(block) == records)
        let lines = try LogBlockCodec.lines(of: block)
        #expect((0..<lines.count).map { lines.record(at: $0).message } == records.map(\.message))
        let timesAndSeverities = try LogBlockCodec.timesAndSeverities(of: block)
        #expect(timesAndSeverities.times == records.map(\.time.nanosecondsSinceEpoch))
    }

    @Test(arguments: [UInt8(2), 3])
    func damagedContainersAreRefusedNamingWhatIsWrong(formatVersion: UInt8) throws {
        let block = LogBlockCodec.encode(Self.records, formatVersion: formatVersion)
        let container = try Self.container(of: block)
        let bytes = block.compressed
        let sections = container.sections.map { section in
            LogBlockContainer.EncodedSection(apps: section.apps, inflatedLength: section.inflatedLength, streamLength: section.streamLength,
                                             compressed: Array(bytes[section.compressed]), filter: section.filter)
        }
        let meta = Array(bytes[container.meta])
        func sealed(_ sections: [LogBlockContainer.EncodedSection], meta: [UInt8] = meta,
                    metaInflatedLength: Int = container.metaInflatedLength, uncompressed: Int? = nil) -> EncodedLogBlock {
            var damaged = block
            damaged.compressed = LogBlockContainer.build(formatVersion: formatVersion, metaInflatedLength: metaInflatedLength,
                                                         metaCompressed: meta, sections: sections)
            damaged.checksum = CRC32.checksum(damaged.compressed)
            damaged.uncompressedBytes = UInt32(uncompressed ?? sections.reduce(metaInflatedLength) { $0 + $1.inflatedLength })
            return damaged
        }
        #expect(try LogBlockCodec.decode(sealed(sections)) == Self.records, "rebuilding the container as it was decodes")

        var claimedTwice = sections
        claimedTwice[1].apps.append(sections[0].apps[0])
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(claimedTwice)) } == "sections.apps")
        var orphaned = sections
        orphaned[orphaned.count - 1].apps.removeLast()
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(orphaned)) } == "sections")
        var outside = sections
        outside[0].apps.append(10_000)
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(outside)) } == "sections.apps")
        var longer = sections
        longer[0].inflatedLength += 1
        // Version 2's stream is the messages; version 3's decodes to one byte fewer than declared.
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(longer)) } == (formatVersion == 2 ? "container.sections" : "sections.templates"))
        if formatVersion == 3 {
            var longerStream = sections
            longerStream[0].streamLength += 1
            #expect(fieldOfError { try LogBlockCodec.decode(sealed(longerStream)) } == "container.sections")
            var huge = sections
            huge[0].streamLength = LogBlockCodec.defaultMaxUncompressedBytes + 1
            #expect(fieldOfError { try LogBlockCodec.decode(sealed(huge)) } == "container.sections.streamLength")
        }
        var swapped = sections  // each section's stream given to the other: they inflate to the wrong sizes
        (swapped[0].compressed, swapped[1].compressed) = (sections[1].compressed, sections[0].compressed)
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(swapped)) } == "container.sections")
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(sections, uncompressed: Int(block.uncompressedBytes) + 1)) } == "uncompressedBytes")
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(sections, metaInflatedLength: container.metaInflatedLength - 1)) } == "container.meta")
        let tooMany = Array(repeating: sections[0], count: LogBlockContainer.maxSections + 1)
        #expect(fieldOfError { try LogBlockCodec.decode(sealed(tooMany)) } == "container.sections.count")
        // A pruned section's damage is not seen by a grep that skips it, but its bytes are under the checksum.
        var flipped = block
        flipped.compressed[container.sections[0].compressed.lowerBound + 3] ^= 0x10
        #expect(fieldOfError { try LogBlockCodec.decode(flipped, requiredTokens: Tokenizer.indexableTokenHashes(of: "SYN")) { _ in true }.map(\.record) } == "checksum")
    }
}
