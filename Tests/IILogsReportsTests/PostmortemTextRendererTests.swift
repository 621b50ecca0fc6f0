import IILogsReports
import Testing

@Suite struct PostmortemTextRendererTests {
    @Test(arguments: [60, 80, 100, 140])
    func everyLineFitsTheWidth(width: Int) {
        let text = PostmortemTextRenderer(width: width).render(PostmortemFixture.instanceReport)
            + PostmortemTextRenderer(width: width).render(PostmortemFixture.imageReport)
        let long = text.split(separator: "\n").filter { $0.count > width }
        #expect(long.isEmpty, "\(long.map { String($0) })")
    }

    @Test func noColoursAndNoRawControlCharacters() {
        let text = PostmortemTextRenderer().render(PostmortemFixture.instanceReport)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
        #expect(text.contains("tab    here & bell\\x07"))
    }

    @Test func narrowWidthsAreRaisedToTheMinimum() {
        #expect(PostmortemTextRenderer(width: 10).width == PostmortemTextRenderer.minimumWidth)
    }
}
