import Foundation
import IILogsCore
import IILogsReports
import Testing

@Suite struct LogLineRendererTests {
    let line = APILogLine(time: "2026-11-23T09:00:00.123456789Z", instance: "i-1", image: "v42", severity: "err", facility: 4,
                          hostname: "h", app: "sshd", procid: "77", message: "bad\u{1B}[2Jthing", fields: nil)

    @Test func textEscapesControlCharactersAndShortensTime() {
        let text = LogLineRenderer(format: .text, colour: false).render([line])
        #expect(text == "2026-11-23T09:00:00.123Z i-1 v42 err     sshd[77]: bad\\x1b[2Jthing\n")
    }

    @Test func colourOnlyWhenAsked() {
        #expect(LogLineRenderer(format: .text, colour: true).render([line]).hasPrefix("\u{1B}[31m"))
        #expect(!LogLineRenderer(format: .text, colour: false).render([line]).contains("\u{1B}[31m"))
    }

    @Test func jsonlIsOneDecodableObjectPerLine() throws {
        let out = LogLineRenderer(format: .jsonl, colour: false).render([line, line])
        let rows = out.split(separator: "\n")
        #expect(rows.count == 2)
        let decoded = try JSONDecoder().decode(APILogLine.self, from: Data(rows[0].utf8))
        #expect(decoded == line)
        #expect(rows[0].contains("\"time\":\"2026-11-23T09:00:00.123456789Z\""))
    }
}
