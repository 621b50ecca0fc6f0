import IILogsAgent
import Testing

@Suite struct InterruptionNoticeParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var kind: InterruptionSettings.Kind
        var status: Int
        var body: String
        var expected: InterruptionPoll
        var testDescription: String { "\(kind) \(status) \(body.prefix(40))" }
    }

    static let cases: [Case] = [
        Case(kind: .aws, status: 404, body: "", expected: .none),
        Case(kind: .aws, status: 404, body: "<html>Not Found</html>", expected: .none),
        Case(kind: .aws, status: 200, body: #"{"action": "terminate", "time": "2026-11-23T17:02:00Z"}"#,
             expected: .notice(InterruptionNotice(kind: .aws, action: "terminate", time: "2026-11-23T17:02:00Z"))),
        Case(kind: .aws, status: 200, body: #"{"action":"stop","time":"2026-11-23T17:02:00Z"}"#,
             expected: .notice(InterruptionNotice(kind: .aws, action: "stop", time: "2026-11-23T17:02:00Z"))),
        Case(kind: .aws, status: 200, body: #"{"action": "hibernate"}"#, expected: .notice(InterruptionNotice(kind: .aws, action: "hibernate"))),
        Case(kind: .aws, status: 200, body: #"{"action": "terminate", "time": 12}"#,
             expected: .notice(InterruptionNotice(kind: .aws, action: "terminate"))),  // a time that is not a string is dropped
        Case(kind: .aws, status: 200, body: #"{"action": "terminate", "time": "two words"}"#,
             expected: .notice(InterruptionNotice(kind: .aws, action: "terminate"))),
        Case(kind: .aws, status: 200, body: #"{"time": "2026-11-23T17:02:00Z"}"#, expected: .unexpected(#"HTTP 200 without a valid "action""#)),
        Case(kind: .aws, status: 200, body: #"{"action": "rm -rf /"}"#, expected: .unexpected(#"HTTP 200 without a valid "action""#)),
        Case(kind: .aws, status: 200, body: #"{"action": ""}"#, expected: .unexpected(#"HTTP 200 without a valid "action""#)),
        Case(kind: .aws, status: 200, body: "terminate", expected: .unexpected("HTTP 200 without a JSON object")),
        Case(kind: .aws, status: 200, body: "[1,2]", expected: .unexpected("HTTP 200 without a JSON object")),
        Case(kind: .aws, status: 200, body: "", expected: .unexpected("HTTP 200 without a JSON object")),
        Case(kind: .aws, status: 401, body: "", expected: .unexpected("HTTP 401")),
        Case(kind: .aws, status: 500, body: "oops", expected: .unexpected("HTTP 500")),
        Case(kind: .gcp, status: 200, body: "TRUE", expected: .notice(InterruptionNotice(kind: .gcp, action: "preempted"))),
        Case(kind: .gcp, status: 200, body: "true\n", expected: .notice(InterruptionNotice(kind: .gcp, action: "preempted"))),
        Case(kind: .gcp, status: 200, body: "FALSE", expected: .none),
        Case(kind: .gcp, status: 200, body: "maybe", expected: .unexpected("HTTP 200 with neither TRUE nor FALSE")),
        Case(kind: .gcp, status: 404, body: "", expected: .unexpected("HTTP 404")),
        Case(kind: .gcp, status: 403, body: "", expected: .unexpected("HTTP 403")),
    ]

    @Test(arguments: cases) func parses(_ example: Case) {
        #expect(InterruptionNoticeParser.parse(kind: example.kind, status: example.status, body: Array(example.body.utf8)) == example.expected)
    }

    @Test func anOversizedBodyIsUnexpected() {
        let body = [UInt8](repeating: 0x20, count: InterruptionNoticeParser.maxBodyBytes + 1)
        for kind in InterruptionSettings.Kind.allCases {
            guard case .unexpected(let reason) = InterruptionNoticeParser.parse(kind: kind, status: 200, body: body) else {
                Issue.record("\(kind): an oversized body was accepted")
                continue
            }
            #expect(reason.contains("mustn't exceed \(InterruptionNoticeParser.maxBodyBytes)"))
        }
    }

    @Test func invalidUTF8AndBinaryNeverTrap() {
        for body: [UInt8] in [[0xFF, 0xFE], [0x7B, 0x00, 0x7D], Array("{\"action\": \"\u{1}\"}".utf8)] {
            for kind in InterruptionSettings.Kind.allCases {
                #expect(InterruptionNoticeParser.parse(kind: kind, status: 200, body: body) != .none)
            }
        }
    }

    @Test func noticeDescriptionCarriesActionAndTime() {
        #expect("\(InterruptionNotice(kind: .aws, action: "terminate", time: "2026-11-23T17:02:00Z"))"
                == "aws spot interruption notice: action=terminate time=2026-11-23T17:02:00Z")
        #expect("\(InterruptionNotice(kind: .gcp, action: "preempted"))" == "gcp preemption notice: action=preempted")
    }
}
