import Foundation
import IILogsReports
import Testing

/// The HTML report: structure, every section present, self-contained, escaped.
@Suite struct PostmortemHTMLRendererTests {
    let html = PostmortemHTMLRenderer().render(PostmortemFixture.instanceReport)

    @Test func isOneCompleteDocument() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(html.hasSuffix("</main>\n</body>\n</html>\n"))
        #expect(count("<html", in: html) == 1 && count("<body>", in: html) == 1)
    }

    @Test func everySectionHasAnIDAHeadingAndANavigationLink() {
        for id in PostmortemHTMLRenderer.sectionIDs {
            #expect(html.contains("<section id=\"\(id)\">\n<h2>"), "section \(id)")
            #expect(html.contains("<a href=\"#\(id)\">"), "nav link to \(id)")
        }
        let order = PostmortemHTMLRenderer.sectionIDs.compactMap { html.range(of: "<section id=\"\($0)\">")?.lowerBound }
        #expect(order == order.sorted())
        #expect(count("<section ", in: html) == count("</section>", in: html))
    }

    @Test func sectionsHoldTheirContent() throws {
        #expect(try section("identity").contains("<code>i-0a1b2c3d4e5f</code>"))
        #expect(try section("identity").contains("<code>az=eu-west-1b</code>"))
        #expect(try section("timeline").contains("kernel panic suspected"))
        #expect(try section("flags").contains("<strong>oom-kill</strong> → quarantine"))
        #expect(try section("last-lines").contains("<span class=\"sev-err\">2026-11-23 09:54:15 err     kernel: [1851.007731] Out of memory"))
        #expect(try section("templates").contains("<code class=\"template\">ERROR [http-nio-&lt;NUM&gt;-exec-&lt;NUM&gt;]"))
        #expect(try section("templates").contains("… 1 more line</pre>"))
        let metrics = try section("metrics")
        #expect(count("<figure class=\"chart\"", in: metrics) == 4)
        #expect(count("<svg xmlns=\"http://www.w3.org/2000/svg\"", in: metrics) == 4)
        #expect(metrics.contains("id=\"metric-network-rx\""))
        #expect(count("class=\"band\"", in: metrics) == 3)  // cpu and memory per point, disk as a summary; network has none
        #expect(count("class=\"marker\"", in: metrics) == 4)
        #expect(try section("siblings").contains("3907.5 MiB (above)"))
        #expect(try section("notes").contains("20 s samples"))
    }

    @Test func logTextIsEscaped() {
        #expect(!html.contains("<script>"))
        #expect(html.contains("bad request &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; from 10.0.1.9 | `x`"))
        #expect(html.contains("tab\there &amp; bell\\x07"))
        #expect(!html.contains("\u{07}"))
    }

    @Test func selfContainedAndReadableWithoutJavaScript() {
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src=\""))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(count("<style>", in: html) == 1)
        #expect(html.contains("@media print {"))
        // The only URLs are the SVG namespace and text from the report itself.
        #expect(!html.contains("https://"))
        let urls = html.components(separatedBy: "http://").dropFirst().map { $0.prefix(30) }
        #expect(!urls.isEmpty)
        #expect(urls.allSatisfy { $0.hasPrefix("www.w3.org/2000/svg\"") || $0.hasPrefix("10.0.0.5:8080") })
    }

    @Test func imageReportHasItsSections() {
        let html = PostmortemHTMLRenderer().render(PostmortemFixture.imageReport)
        for id in PostmortemHTMLRenderer.imageSectionIDs { #expect(html.contains("<section id=\"\(id)\">"), "section \(id)") }
        #expect(html.contains("<code>i-77aa0b1c</code>"))
        #expect(html.contains("Templates not seen with <code>orders-v41</code>."))
        #expect(!html.contains("<script>"))
    }

    @Test func emptyReportStillHasEverySection() {
        let empty = PostmortemReport(generatedAt: "2026-11-23T10:00:00.000000000Z", dataSource: "test",
                                     identity: PostmortemIdentity(instance: "i-1", image: "v1", state: "running",
                                                                  firstSeen: "2026-11-23T09:00:00.000000000Z", lastSeen: "2026-11-23T10:00:00.000000000Z"))
        let html = PostmortemHTMLRenderer().render(empty)
        for id in PostmortemHTMLRenderer.sectionIDs where id != "notes" { #expect(html.contains("<section id=\"\(id)\">"), "section \(id)") }
        #expect(!html.contains("<section id=\"notes\">"))
        #expect(html.contains("No siblings of the same image."))
    }

    func section(_ id: String) throws -> String {
        let start = try #require(html.range(of: "<section id=\"\(id)\">"))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }
}
