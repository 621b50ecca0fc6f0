import IILogsCore
@testable import IILogsReports
import Testing

@Suite struct TailResumeTests {
    static func line(_ n: Int) -> APILogLine {
        APILogLine(time: "2026-11-23T09:00:0\(n)Z", instance: "i-a", image: "v1", severity: "info", facility: 1, hostname: "h",
                   app: "web", procid: "", message: "line \(n)", fields: nil)
    }

    static func mark(_ cursor: Int64) -> TailEvent { .mark(APITailMark.Mark(cursor: cursor, time: "2026-11-23T09:00:00Z")) }

    @Test func resumingSkipsLinesPrintedAfterTheLastMark() {
        var state = TailResume()
        #expect(state.resume() == nil, "nothing to resume before a mark")
        var printed: [APILogLine] = []
        // Given a stream that delivered lines 1–2, a mark at 7, then line 3 before it broke
        for event in [TailEvent.line(Self.line(1)), .line(Self.line(2)), Self.mark(7), .line(Self.line(3))] {
            if let line = state.accept(event) { printed.append(line) }
        }
        // When it resumes, it asks for lines after 7 and drops the first one (line 3 again)
        #expect(state.resume() == 7)
        for event in [TailEvent.line(Self.line(3)), .line(Self.line(4)), Self.mark(9), .line(Self.line(5))] {
            if let line = state.accept(event) { printed.append(line) }
        }
        // Then every line was printed once
        #expect(printed.map(\.message) == (1...5).map { "line \($0)" })
        #expect(state.marks == 2)
    }

    @Test func tailLinesAreTellingMarksErrorsAndLogLinesApart() throws {
        let mark = try CollectorClient.tailEvent(Array(#"{"tail":{"cursor":12,"time":"2026-11-23T09:00:00Z"}}"#.utf8))
        #expect(mark == Self.mark(12))
        #expect(try CollectorClient.tailEvent(Array("  ".utf8)) == nil)
        let json = LogLineRenderer.encode(Self.line(1), pretty: false)
        #expect(try CollectorClient.tailEvent(Array(json.utf8)) == .line(Self.line(1)))
        #expect(throws: ClientError.self) { try CollectorClient.tailEvent(Array(#"{"error":{"code":"store_unavailable","message":"gone"}}"#.utf8)) }
        #expect(throws: ClientError.self) { try CollectorClient.tailEvent(Array("not json".utf8)) }
    }
}
