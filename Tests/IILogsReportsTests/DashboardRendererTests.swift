import IILogsCore
import IILogsReports
import Testing

/// The dashboard's frame model and renderer, byte for byte at fixed sizes (see ``Golden`` to update).
@Suite struct DashboardRendererTests {
    @Test func plainFrame100x30() throws {
        try Golden.check(DashboardRenderer.render(DashboardFixture.frame, width: 100, height: 30, colour: false) + "\n", "dash-100x30.txt")
    }

    @Test func colourFrame100x30() throws {
        try Golden.check(DashboardRenderer.render(DashboardFixture.frame, width: 100, height: 30, colour: true) + "\n",
                         "dash-100x30-colour.txt")
    }

    @Test func smallFrameCutsRowsAndColumns() throws {
        try Golden.check(DashboardRenderer.render(DashboardFixture.frame, width: 60, height: 12, colour: false) + "\n", "dash-60x12.txt")
    }

    @Test func everySizeFitsAndPlainHasNoEscapes() {
        for (width, height) in [(20, 1), (20, 5), (40, 8), (60, 12), (80, 24), (100, 40), (200, 60)] {
            let text = DashboardRenderer.render(DashboardFixture.frame, width: width, height: height, colour: false)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= height, "\(width)x\(height): \(lines.count) lines")
            #expect(lines.allSatisfy { $0.count <= width }, "\(width)x\(height): a line is wider")
            #expect(!text.contains("\u{1B}"))
        }
    }

    @Test func rowsAreMostActiveFirstWithRatesFromTheNewestStep() throws {
        let frame = DashboardFixture.frame
        #expect(frame.images.map(\.image) == ["v2.1.0", "v2.1.1-canary", "build-2026-11-23-nightly-with-a-very-long-name", "v2.0.9"])
        let main = try #require(frame.images.first)
        #expect(main.alive == 4)
        #expect(main.linesPerSecond == 590.0 / 60)
        #expect(main.windowLines == (0..<30).reduce(0) { $0 + 300 + 10 * $1 })
        #expect(main.errorRate == 9.0 / Double(main.windowLines))
        let canary = frame.images[1]
        #expect((canary.alive, canary.lost, canary.quarantined) == (1, 1, 1))
        #expect(canary.verdict == "failing")
        #expect(frame.flags.map(\.rule) == ["oom-kill", "disk-errors"])
        #expect(frame.window == .seconds(1800))
        #expect(frame.alive == 6)
    }

    @Test func noImagesAndNoVerdicts() {
        let frame = DashboardFrame.build(source: "data /tmp/x", time: DashboardFixture.now, images: [],
                                         activity: APIActivityResponse(since: DashboardFixture.ago(1800), until: DashboardFixture.ago(0),
                                                                       step: "1m", images: []), flags: [])
        let text = DashboardRenderer.render(frame, width: 100, height: 10, colour: false)
        #expect(text.contains("(last 30m)"))
        #expect(text.contains("0 images"))
        #expect(text.contains("no image versions yet"))
        #expect(text.contains("no open flags"))
        #expect(!text.contains("VERDICT"))
    }
}
