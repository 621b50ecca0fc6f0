import Foundation
import IILogsCore
@testable import IILogsFuzzing
import IILogsQueryParsing
import IILogsRules
import IILogsStore
import Testing

/// The rule-file and query-parameter seeds reach the parsers' accepting paths, so the fuzzers' invariants
/// (beyond "does not trap") are exercised; the query-parameter fuzzer's input format reads as documented.
@Suite("Rule file and query parameter fuzz seeds")
struct RuleAndQueryFuzzSeedTests {
    static let corpus = FuzzCorpusReplayTests.corpus

    @Test("most rule-file seeds load, and the invalid ones are refused with a named field")
    func ruleSeedsLoad() throws {
        var loaded = 0, refused = 0
        for file in try Self.corpus.inputs(for: .ruleFile) {
            let text = try String(contentsOf: file, encoding: .utf8)
            do {
                _ = try RuleFileLoader.load(yaml: text)
                loaded += 1
            } catch {
                #expect(!error.field.isEmpty)
                refused += 1
            }
        }
        #expect(loaded >= 10)
        #expect(refused >= 2)
    }

    @Test("the query-parameter input format splits on & and the first =")
    func queryInputFormat() {
        #expect(QueryParametersFuzzer.parameters(Array("a=1&b=x=y&c&&a=2".utf8)) == ["a": "2", "b": "x=y", "c": ""])
        #expect(QueryParametersFuzzer.parameters([]) == [:])
    }

    @Test("query-parameter seeds parse for the endpoint they were written for")
    func querySeedsParse() throws {
        func seed(_ name: String) throws -> [String: String] {
            let file = try #require(try Self.corpus.inputs(for: .queryParameters).first { $0.lastPathComponent == name })
            return QueryParametersFuzzer.parameters(Array(try Data(contentsOf: file)))
        }
        let now = QueryParametersFuzzer.now
        #expect(try LogsParameters.parse(try seed("logs-instance"), now: now).scope == .instance("i-0abc"))
        #expect(try LogsParameters.parse(try seed("logs-image-range"), now: now).scope == .image("v42"))
        #expect(try TailParameters.parse(try seed("tail-image"), now: now, defaultBacklogLines: 100, maxBacklogLines: 10_000).backlog.limit == 10_000)
        #expect(try TailParameters.parse(try seed("tail-after"), now: now, defaultBacklogLines: 100, maxBacklogLines: 10_000).after != nil)
        #expect(try MetricsParameters.parse(try seed("metrics-image"), now: now).percentiles == [50, 90, 99])
        #expect(try ActivityParameters.parse(try seed("activity"), now: now).steps == 24)
        #expect(throws: QueryParameterError.self) { try LogsParameters.parse(try seed("errors"), now: now) }
    }
}
