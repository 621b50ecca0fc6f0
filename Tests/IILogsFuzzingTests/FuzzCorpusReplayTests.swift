import Foundation
import IILogsCore
@testable import IILogsFuzzing
import Testing

/// Runs every fuzz target over its saved corpus and regressions, then over seeded mutations of it,
/// so `swift test` catches a decoder that traps or breaks an invariant without a libFuzzer build.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    static let corpus = FuzzCorpus(root: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz"))
    /// Mutations per target and run: enough to reach the error paths, small enough for CI.
    static let mutationsPerTarget = 3_000

    @Test("every target has seeds and replays them", arguments: FuzzTarget.allCases)
    func replaysCorpus(target: FuzzTarget) throws {
        let inputs = try Self.corpus.inputs(for: target)
        #expect(inputs.count >= 3, "fuzz/corpus/\(target.rawValue) needs seeds")
        let replayed = try FuzzCorpus.replay(target, paths: Self.corpus.folders(for: target))
        #expect(replayed == inputs.count)
    }

    @Test("seeded mutations of the corpus keep every invariant", arguments: FuzzTarget.allCases)
    func mutatedCorpus(target: FuzzTarget) throws {
        let seeds = try Self.corpus.inputs(for: target).map { Array(try Data(contentsOf: $0)) }
        try #require(!seeds.isEmpty)
        var mutator = FuzzMutator(seed: 0x1111_0000 + UInt64(FuzzTarget.allCases.firstIndex(of: target)!))
        for i in 0..<Self.mutationsPerTarget {
            let input = mutator.mutate(seeds[i % seeds.count], splicingWith: seeds[(i * 7 + 3) % seeds.count])
            target.run(input)
        }
    }

    @Test("the wire seeds decode, so the round-trip invariant is exercised")
    func wireSeedsDecode() throws {
        let files = try Self.corpus.inputs(for: .wireStream).filter { $0.lastPathComponent == "stream-hello-batch-ping" }
        let bytes = Array(try Data(contentsOf: try #require(files.first)))
        let decoded = WireStreamFuzzer.decodeAll(bytes, pieceSize: 1)
        #expect(decoded.frames.count == 3)
        #expect(decoded.error == nil)
    }

    @Test("the log block seeds read as records, so the re-encode invariant is exercised")
    func logBlockSeedsDecode() throws {
        var decoded = 0
        for file in try Self.corpus.inputs(for: .logBlockBody) {
            let body = Array(try Data(contentsOf: file))
            if let records = try? LogBlockCodec.decodeBody(body, lineCount: Int(LogBlockBodyFuzzer.leadingCount(body))),
               !records.isEmpty {
                decoded += 1
            }
        }
        #expect(decoded >= 2)
    }

    @Test("the container seeds decode, so the readers are compared on real blocks of both sectioned versions",
          arguments: LogBlockContainerFuzzer.formatVersions)
    func containerSeedsDecode(formatVersion: UInt8) throws {
        var decoded = 0
        for file in try Self.corpus.inputs(for: .logBlockContainer) {
            guard let block = LogBlockContainerFuzzer.block(from: Array(try Data(contentsOf: file)), formatVersion: formatVersion) else { continue }
            if let records = try? LogBlockCodec.decode(block), records.count > 1 { decoded += 1 }
        }
        #expect(decoded >= 2)
    }

    @Test("a stored stream's checksum is repaired, so a mutated templated section reaches the template reader",
          arguments: [UInt8(3), 4])
    func storedSectionMutationReachesTheTemplateReader(formatVersion: UInt8) throws {
        let file = Self.corpus.folders(for: .logBlockContainer)[0].appendingPathComponent("v\(formatVersion)-stored-fleet")
        let seed = Array(try Data(contentsOf: file))
        let container = Array(seed[8...])
        let streams = try #require(StoredZlib.streamRanges(container, formatVersion: formatVersion))
        #expect(streams.count >= 2)
        // Version 4 ends deflate blocks inside its streams: at level 0 each is a run of stored blocks.
        #expect(streams.allSatisfy { StoredZlib.storedPayload(container, $0) != nil })
        #expect(StoredZlib.repairingChecksums(in: container, formatVersion: formatVersion) == container)
        // Damage the last section's first stream byte (its mode): zlib's check alone would refuse it as
        // "container.sections"; repaired, the template reader refuses the unknown mode.
        let section = try #require(streams.last)
        var damaged = seed
        damaged[8 + section.lowerBound + 2 + 5] = 0x7F
        func field(_ bytes: [UInt8]) -> String? {
            guard let block = LogBlockContainerFuzzer.block(from: bytes, formatVersion: formatVersion) else { return "no block" }
            do {
                _ = try LogBlockCodec.decode(block)
                return nil
            } catch {
                return error.field
            }
        }
        #expect(field(seed) == nil)
        #expect(field(damaged) == "sections.templates")
        #expect(StoredZlib.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test("the message-template stream seeds decode to their declared size, templated (versions 3 and 4) and plain")
    func messageTemplateStreamSeedsDecode() throws {
        var modes: Set<UInt8> = []
        for file in try Self.corpus.inputs(for: .messageTemplates) where file.lastPathComponent.hasPrefix("stream-") {
            let bytes = Array(try Data(contentsOf: file))
            let size = bytes.prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            let formatVersion: UInt8 = bytes[4] == 1 ? 3 : 4  // mode 1 is version 3's, mode 2 version 4's
            guard case .success(let decoded) = MessageTemplatesFuzzer.decode(Array(bytes[4...]), size: size, formatVersion: formatVersion) else {
                Issue.record("\(file.lastPathComponent) does not decode")
                continue
            }
            #expect(decoded.lineEnds.count > 1)
            modes.insert(bytes[4])
        }
        #expect(modes == [0, 1, 2])
    }

    @Test("syslog seeds parse")
    func syslogSeedsParse() throws {
        var parsed = 0
        let inputs = try Self.corpus.inputs(for: .syslogMessage)
        for file in inputs {
            if case .success = SyslogParser.parse(Array(try Data(contentsOf: file)), receivedAt: .zero) { parsed += 1 }
        }
        #expect(parsed == inputs.count)
    }
}
