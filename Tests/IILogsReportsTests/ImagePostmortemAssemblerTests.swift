import IILogsCore
import IILogsReports
import Testing

@Suite struct ImagePostmortemAssemblerTests {
    typealias F = PostmortemAssemblerFixture

    func assemble(_ image: String, previous: String? = nil) async throws -> ImagePostmortemReport {
        try await ImagePostmortemAssembler(source: F.source, sourceDescription: "fixture",
                                           options: .init(now: F.now, previousImage: previous)).assemble(image: image)
    }

    @Test func countsWorstInstancesAndNewTemplates() async throws {
        let report = try await assemble("v1")
        #expect(report.previousImage == "v0", "v0 was first seen before v1")
        #expect(report.instances == ImageInstanceCounts(total: 3, running: 2, terminated: 0, lost: 1, quarantined: 0))
        // i-a: 6 error lines (5 OOM, 1 late error) of 298 shipped + 2 error templates × 5 + lost 40; the siblings logged only warnings.
        #expect(report.worstInstances.map(\.instance) == ["i-a"])
        let worst = try #require(report.worstInstances.first)
        #expect(abs(worst.score - (100.0 * 6 / 298 + 10 + 40)) < 1e-9)
        #expect(worst.reasons.count == 3 && worst.reasons.last?.hasPrefix("lost") == true)
        #expect(report.templates.messages == 3 * 3 + 5 + 1, "every instance's warnings, the OOM lines and the late error")
        #expect(report.newTemplates.map(\.example).sorted() == [F.oom, "late error after the end"], "v0 logged the quota warning")
    }

    @Test func previousCanBeGivenAndMissingOnesAreNoted() async throws {
        let againstItself = try await assemble("v1", previous: "v1")
        #expect(againstItself.newTemplates.isEmpty)
        let first = try await assemble("v0")
        #expect(first.previousImage == nil && first.newTemplates.isEmpty)
        #expect(first.notes.contains { $0.hasPrefix("no image was seen before v0") })
        #expect(first.worstInstances.isEmpty, "a clean shutdown with only warnings scores 0")
        await #expect(throws: PostmortemAssemblerError.self) { try await assemble("v404") }
    }

    @Test func scoreRanksAbnormalEndsAboveErrorRates() {
        let lost = F.instance("x", image: "v1", state: "lost", lastSeen: 0, lines: 100)
        let crashed = F.instance("y", image: "v1", state: "terminated", lastSeen: 0, lines: 100, lastEvent: "terminating")
        let clean = F.instance("z", image: "v1", state: "terminated", lastSeen: 0, lines: 100, lastEvent: "shutdown")
        #expect(ImagePostmortemAssembler.score(lost, errorLines: 0, errorTemplates: 0).score == 40)
        #expect(ImagePostmortemAssembler.score(crashed, errorLines: 0, errorTemplates: 0).score == 20)
        #expect(ImagePostmortemAssembler.score(clean, errorLines: 10, errorTemplates: 20).score == 10 + 50, "template points are capped")
    }
}
