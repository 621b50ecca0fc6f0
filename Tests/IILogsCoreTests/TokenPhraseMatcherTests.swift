import IILogsCore
import Testing

@Suite("TokenPhraseMatcher")
struct TokenPhraseMatcherTests {
    @Test(arguments: [
        ("disk full", "write failed: Disk FULL on /var", true),
        ("time", "timeout", false),
        ("time", "runtime", false),
        ("time", "time out", true),
        ("time", "TIME", true),
        ("db-primary", "to db-primary after", true),
        ("/healthz 200", "GET /healthz 200 1ms", true),
        ("=42", "id=42", true),
        ("=4", "id=42", false),
        ("ünï", "ünïcödé", false),
        ("ünïcödé", "x ünïcödé y", true),
        ("", "anything", true),
        ("long phrase", "long", false),
    ])
    func matchesOnTokenBoundaries(phrase: String, text: String, expected: Bool) {
        #expect(TokenPhraseMatcher(phrase: phrase).matches(text) == expected)
    }

    @Test func tokenHashesAreTheIndexableTokens() {
        #expect(TokenPhraseMatcher(phrase: "Disk FULL 42").tokenHashes == Tokenizer.indexableTokenHashes(of: "disk full"))
    }
}

@Suite struct SubstringTokenHashesTests {
    static func hashes(_ words: String...) -> [UInt64] { words.flatMap { Tokenizer.indexableTokenHashes(of: $0) } }

    @Test func onlyTokensBoundedInsideTheNeedleCount() {
        // "of" and "process" touch the needle's ends: in a line they may be part of "proof" or "processes".
        #expect(Tokenizer.substringTokenHashes(of: "of memory: Killed process") == Self.hashes("memory", "killed"))
        #expect(Tokenizer.substringTokenHashes(of: " segfault at ") == Self.hashes("segfault", "at"))
        #expect(Tokenizer.substringTokenHashes(of: "Oops: ").isEmpty)
        #expect(Tokenizer.substringTokenHashes(of: "eadlock").isEmpty)
        #expect(Tokenizer.substringTokenHashes(of: "").isEmpty)
    }

    @Test func everyLineContainingTheNeedleHasItsTokensInItsFilter() {
        let needle = "of memory: Killed process"
        for line in ["Out of memory: Killed process 12 (java)", "Memory cgroup out of memory: Killed processes", "xof memory: Killed process"] {
            let filter = LogBlockCodec.summarize([LogRecord(time: .zero, app: "kernel", message: line)]).tokenFilter
            #expect(filter.mightContainAll(Tokenizer.substringTokenHashes(of: needle)), "\(line)")
        }
    }
}

@Suite struct LogBlockLinesTests {
    @Test func linesLocateWhatDecodeBuilds() throws {
        var records: [LogRecord] = []
        for n in 0..<200 {
            let time = Timestamp(nanosecondsSinceEpoch: 1_000 + Int64(n) * 7)
            let apps = ["nginx", "kernel", "é-app"]
            let message = n % 10 == 0 ? "" : "line \(n) ünïcode"
            records.append(LogRecord(time: time, severity: Severity(rawValue: UInt8(n % 8))!, facility: UInt8(n % 24),
                                     hostname: "h\(n % 3)", app: apps[n % 3], procID: "\(n % 5)", message: message))
        }
        let block = LogBlockCodec.encode(records)
        let lines = try LogBlockCodec.lines(of: block)
        #expect(lines.count == records.count)
        for (i, record) in records.enumerated() {
            #expect(lines.record(at: i) == record)
            #expect(lines.time(at: i) == record.time.nanosecondsSinceEpoch)
            #expect(lines.dictionary[lines.appIndex(at: i)] == record.app)
            #expect(lines.withMessageBytes(at: i) { [UInt8]($0) } == Array(record.message.utf8))
        }
    }

    @Test func aCorruptBlockIsRefusedLikeDecode() {
        var block = LogBlockCodec.encode([LogRecord(time: .zero, message: "x")])
        block.checksum ^= 1
        #expect(throws: LogBlockError.self) { try LogBlockCodec.lines(of: block) }
    }
}

@Suite struct TimesAndSeveritiesTests {
    @Test func theyAreReadWithoutTheRestOfTheBody() throws {
        var records: [LogRecord] = []
        for n in 0..<1_000 {
            let severity = Severity(rawValue: UInt8(n % 8))!
            records.append(LogRecord(time: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + Int64(n) * 3_600_000_000), severity: severity,
                                     app: "app", message: String(repeating: "x", count: 200) + "\(n)"))
        }
        let block = LogBlockCodec.encode(records)
        let (times, severities) = try LogBlockCodec.timesAndSeverities(of: block)
        #expect(times == records.map(\.time.nanosecondsSinceEpoch))
        #expect(severities == records.map(\.severity))
        let empty = try LogBlockCodec.timesAndSeverities(of: LogBlockCodec.encode([]))
        #expect(empty.times.isEmpty)
        var corrupt = block
        corrupt.checksum ^= 1
        #expect(throws: LogBlockError.self) { try LogBlockCodec.timesAndSeverities(of: corrupt) }
    }
}
