import IILogsAgent
import IILogsCore
import Testing

@Suite("StatsD parser")
struct StatsDParserTests {
    let parser = StatsDParser(maxLineBytes: 128)

    static let good: [(String, StatsDLine)] = [
        ("requests:1|c", .metric(StatsDMetric(name: "requests", kind: .counter, value: 1))),
        ("api.errors:3|c|@0.1", .metric(StatsDMetric(name: "api.errors", kind: .counter, value: 3, sampleRate: 0.1))),
        ("queue.depth:42|g", .metric(StatsDMetric(name: "queue.depth", kind: .gauge(isDelta: false), value: 42))),
        ("queue.depth:+3|g", .metric(StatsDMetric(name: "queue.depth", kind: .gauge(isDelta: true), value: 3))),
        ("queue.depth:-2.5|g", .metric(StatsDMetric(name: "queue.depth", kind: .gauge(isDelta: true), value: -2.5))),
        ("db.query:12.5|ms", .metric(StatsDMetric(name: "db.query", kind: .timer, value: 12.5))),
        ("size:1e3|h", .metric(StatsDMetric(name: "size", kind: .timer, value: 1000))),
        ("latency:7|d|@0.5", .metric(StatsDMetric(name: "latency", kind: .timer, value: 7, sampleRate: 0.5))),
        ("users:alice|s", .metric(StatsDMetric(name: "users", kind: .set(member: "alice"), value: 0))),
        ("hits:1|c|#env:prod,canary,path/x:a:b", .metric(StatsDMetric(name: "hits", kind: .counter, value: 1,
                                                                      tags: [LogField("env", "prod"), LogField("canary", ""), LogField("path/x", "a:b")]))),
        ("Worker_2-ok:1|c|#a:1|@1", .metric(StatsDMetric(name: "Worker_2-ok", kind: .counter, value: 1, tags: [LogField("a", "1")]))),
        ("event:deploy.done|version 42 rolled out", .event(name: "deploy.done", detail: "version 42 rolled out")),
        ("event:ready", .event(name: "ready", detail: "")),
    ]

    @Test(arguments: Self.good)
    func parsesWellFormedLines(line: String, expected: StatsDLine) {
        #expect(parser.parse(line: line) == .success(expected))
    }

    static let bad: [(String, String)] = [
        ("requests", "missing_value"),
        ("requests:|c", "missing_value"),
        ("requests:1", "missing_value"),
        (":1|c", "bad_name"),
        ("bad name:1|c", "bad_name"),
        ("héllo:1|c", "bad_name"),
        ("x:abc|c", "bad_value"),
        ("x:nan|g", "bad_value"),
        ("x:inf|ms", "bad_value"),
        ("x:1|q", "unknown_type"),
        ("x:1|c|zzz", "unknown_type"),
        ("x:1|c|@0", "bad_sample_rate"),
        ("x:1|c|@1.5", "bad_sample_rate"),
        ("x:1|c|@abc", "bad_sample_rate"),
        ("x:1|c|#bad tag", "bad_tag"),
        ("x:1|c|#:v", "bad_tag"),
        ("event:Bad Name|x", "bad_event"),
        ("event:|x", "bad_event"),
        ("_e{5,4}:title|text", "unsupported"),
        ("_sc|check|0", "unsupported"),
        (String(repeating: "a", count: 125) + ":1|c", "line_too_long"),
    ]

    @Test(arguments: Self.bad)
    func refusesMalformedLinesWithATypedReason(line: String, reason: String) {
        guard case .failure(let error) = parser.parse(line: line) else {
            Issue.record("\(line) parsed")
            return
        }
        #expect(error.reason == reason)
        #expect(!error.description.isEmpty)
    }

    @Test func oneDatagramCarriesManyLines() {
        let datagram = Array("a:1|c\r\n\nb:2|g\nnot a line\nc:3|ms\n".utf8)
        let results = parser.parse(datagram: datagram)
        #expect(results.count == 4, "empty lines are skipped, not errors")
        #expect(results[0] == .success(.metric(StatsDMetric(name: "a", kind: .counter, value: 1))))
        #expect(results[2] == .failure(.missingValue(line: "not a line")))
        #expect(results[3] == .success(.metric(StatsDMetric(name: "c", kind: .timer, value: 3))))
    }

    @Test func anyBytesGiveLinesOrErrorsNeverATrap() {
        var generator = SplitMix(seed: 7)
        let alphabet = Array("ab:|@#,.-_\n\r1+e9gmsch\u{0}\u{FF}".utf8)
        for _ in 0..<2000 {
            let length = Int(generator.next() % 90)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let results = parser.parse(datagram: bytes)
            #expect(results.count <= bytes.count)
        }
        let raw: [UInt8] = [0xFF, 0xFE, 0x3A, 0x31, 0x7C, 0x63]  // invalid UTF-8 name
        #expect(parser.parse(datagram: raw).count == 1)
    }
}

/// A small deterministic generator for the robustness test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
