import IILogsCore
import IILogsStore
import HTTPTypes
import Testing
@testable import IILogsCollector

@Suite struct LogsRequestTests {
    let now = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000)

    func badParameter(_ parameters: [String: String]) -> APIError? {
        do {
            _ = try LogsRequest.parse(parameters, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaults() throws {
        let q = try LogsRequest.parse([:], now: now)
        #expect(q == LogQuery(scope: .all, limit: 1000, keep: .newest))
    }

    @Test func everyParameter() throws {
        let q = try LogsRequest.parse([
            "instance": "i-a", "since": "2h", "until": "2027-01-15T08:00:00Z", "severity": "err", "app": "nginx",
            "grep": "timed out", "contains": "ERR", "limit": "0", "keep": "oldest",
        ], now: now)
        #expect(q.scope == .instance("i-a"))
        #expect(q.since == now.adding(.seconds(-7200)))
        #expect(q.until == RFC3339.parse("2027-01-15T08:00:00Z"))
        #expect(q.minSeverity == .error)
        #expect(q.app == "nginx")
        #expect(q.grep == "timed out")
        #expect(q.contains == "ERR")
        #expect(q.limit == 0)
        #expect(q.keep == .oldest)
    }

    @Test func imageScope() throws {
        #expect(try LogsRequest.parse(["image": "v42"], now: now).scope == .image("v42"))
    }

    @Test(arguments: [
        (["instance": "a", "image": "b"], "instance"),
        (["since": "yesterday"], "since"),
        (["until": "2026-13-01T00:00:00Z"], "until"),
        (["since": "1h", "until": "2h"], "since"),
        (["severity": "loud"], "severity"),
        (["limit": "-1"], "limit"),
        (["limit": "ten"], "limit"),
        (["keep": "middle"], "keep"),
        (["app": ""], "app"),
        (["sevrity": "err"], "sevrity"),
    ])
    func badParametersAreNamed(parameters: [String: String], name: String) {
        let error = badParameter(parameters)
        #expect(error?.status == .badRequest)
        #expect(error?.code == "bad_parameter")
        #expect(error?.message.hasPrefix("\(name):") == true)
    }
}
