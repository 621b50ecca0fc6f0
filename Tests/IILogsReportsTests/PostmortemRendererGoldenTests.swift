import IILogsReports
import Testing

/// The text and Markdown renderers, byte for byte, on the fixed report (see ``Golden`` to update).
@Suite struct PostmortemRendererGoldenTests {
    @Test func instanceText() throws {
        try Golden.check(PostmortemTextRenderer(width: 100).render(PostmortemFixture.instanceReport), "postmortem-instance.txt")
    }

    @Test func instanceMarkdown() throws {
        try Golden.check(PostmortemMarkdownRenderer().render(PostmortemFixture.instanceReport), "postmortem-instance.md")
    }

    @Test func imageText() throws {
        try Golden.check(PostmortemTextRenderer(width: 100).render(PostmortemFixture.imageReport), "postmortem-image.txt")
    }

    @Test func imageMarkdown() throws {
        try Golden.check(PostmortemMarkdownRenderer().render(PostmortemFixture.imageReport), "postmortem-image.md")
    }

    @Test func formatDispatchesToTheRenderers() {
        let r = PostmortemFixture.instanceReport
        #expect(PostmortemFormat.text.render(r) == PostmortemTextRenderer().render(r))
        #expect(PostmortemFormat.md.render(r) == PostmortemMarkdownRenderer().render(r))
        #expect(PostmortemFormat.html.render(r) == PostmortemHTMLRenderer().render(r))
        #expect(PostmortemFormat.json.render(r) == PostmortemJSON.encode(r))
    }
}
