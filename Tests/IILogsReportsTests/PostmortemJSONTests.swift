import Foundation
import IILogsReports
import Testing

@Suite struct PostmortemJSONTests {
    @Test func instanceReportRoundTrips() throws {
        let json = PostmortemJSON.encode(PostmortemFixture.instanceReport)
        let decoded = try PostmortemJSON.decodeInstanceReport(Data(json.utf8))
        #expect(decoded == PostmortemFixture.instanceReport)
        #expect(PostmortemJSON.encode(decoded) == json)
    }

    @Test func imageReportRoundTrips() throws {
        let json = PostmortemJSON.encode(PostmortemFixture.imageReport)
        #expect(try PostmortemJSON.decodeImageReport(Data(json.utf8)) == PostmortemFixture.imageReport)
    }

    @Test func keysAreStableAndSorted() throws {
        let json = PostmortemJSON.encode(PostmortemFixture.instanceReport)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["dataSource", "flags", "generatedAt", "identity", "lastLines", "lastLinesRequested", "metrics",
                                         "notes", "schema", "siblings", "templates", "timeline"])
        #expect(object["schema"] as? String == "iilogs.postmortem.instance/1")
        let templates = try #require(object["templates"] as? [String: Any])
        let first = try #require((templates["templates"] as? [[String: Any]])?.first)
        #expect(first.keys.sorted() == ["app", "count", "example", "exampleContinuation", "firstSeen", "lastSeen", "severities", "template"])
        #expect(json.hasPrefix("{\n  \"dataSource\" : \"collector http://10.0.0.5:8080\","))
    }
}
