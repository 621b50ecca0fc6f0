import IILogsCore
import IILogsReports
import Testing

/// ``DashboardLoader`` over a fixed source: the frame comes from the source's images and activity.
@Suite struct DashboardLoaderTests {
    @Test func frameFromImagesAndActivity() async throws {
        let source = FixedFleetDataSource(imageList: DashboardFixture.images, activityAnswer: DashboardFixture.activity)
        let frame = try await DashboardLoader(source: source, label: "data /srv/copy").load(now: DashboardFixture.now)
        #expect(frame.source == "data /srv/copy")
        #expect(frame.time == DashboardFixture.now)
        #expect(frame.images.map(\.image).first == "v2.1.0")
        #expect(frame.images.first?.linesPerSecond == 590.0 / 60)
        // Neither a collector nor a store: no flags and no verdicts, and nothing to remark on
        #expect(frame.flags.isEmpty)
        #expect(frame.images.allSatisfy { $0.verdict == nil })
        #expect(frame.notes.isEmpty)
        #expect(frame.window == .seconds(1800) && frame.step == .seconds(60))
    }
}
