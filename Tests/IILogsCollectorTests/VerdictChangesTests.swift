import IILogsCore
import IILogsRules
import Testing
@testable import IILogsCollector

@Suite struct VerdictChangesTests {
    static func t(_ seconds: Int64) -> Timestamp { Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + seconds * 1_000_000_000) }

    /// A report of `image` with one alive instance of 100 lines, `errors` of them errors
    /// (0 → healthy, 5 → degraded at the 2% line, 20 → failing at the 10% line).
    static func report(_ image: String, errors: Int) -> ImageHealthReport {
        ImageHealthAnalyzer.analyze(ImageHealthInput(imageVersion: image, instances: [
            InstanceHealth(instanceID: "i-\(image)", state: .alive, lines: 100, errorLines: errors)]))
    }

    @Test func reportsUsedByTheTableHaveTheVerdictsTheyAreNamedFor() {
        #expect(Self.report("v", errors: 0).verdict == .healthy)
        #expect(Self.report("v", errors: 5).verdict == .degraded)
        #expect(Self.report("v", errors: 20).verdict == .failing)
    }

    @Test func healthyDegradedFailingHealthyAnnouncesEachChangeButNotAHealthyFirstSight() {
        // (errors of v1 at this pass, the notification expected: id, verdict, previous; nil = none)
        let table: [(errors: Int, expected: (String, String, String?)?)] = [
            (0, nil),                                      // first sight, healthy: remembered, not announced
            (0, nil),                                      // unchanged
            (5, ("verdict-v1-1", "degraded", "healthy")),
            (20, ("verdict-v1-2", "failing", "degraded")),
            (20, nil),
            (0, ("verdict-v1-3", "healthy", "failing")),
        ]
        var state = VerdictChanges()
        for (pass, row) in table.enumerated() {
            let (next, notifications) = state.applying([Self.report("v1", errors: row.errors)], now: Self.t(Int64(pass)))
            state = next
            if let (id, verdict, previous) = row.expected {
                #expect(notifications.count == 1, "pass \(pass)")
                let n = notifications.first
                #expect(n?.kind == .imageVerdictChanged)
                #expect(n?.id == id, "pass \(pass)")
                #expect(n?.verdict == verdict, "pass \(pass)")
                #expect(n?.previousVerdict == previous, "pass \(pass)")
                #expect(n?.image == "v1")
                #expect(n?.instanceID == nil)
                #expect(n?.time == Self.t(Int64(pass)))
            } else {
                #expect(notifications.isEmpty, "pass \(pass): \(notifications)")
            }
        }
        #expect(state.images["v1"] == VerdictChanges.Seen(verdict: .healthy, announced: 3, lastSeen: Self.t(5)))
    }

    @Test func aNonHealthyFirstSightIsAnnouncedWithoutPreviousVerdictAndTheReasonsJoined() throws {
        let failing = Self.report("v2", errors: 20)
        let (_, notifications) = VerdictChanges().applying([Self.report("v1", errors: 0), failing, Self.report("v3", errors: 5)], now: Self.t(0))
        #expect(notifications.map(\.id) == ["verdict-v2-1", "verdict-v3-1"])
        let n = try #require(notifications.first)
        #expect(n.verdict == "failing")
        #expect(n.previousVerdict == nil)
        #expect(n.reason == failing.reasons.joined(separator: "; "))
        #expect(n.reason.contains("error rate 20%"))
    }

    @Test func anImageMissingFromAPassIsNotAnnouncedAndItsLastVerdictIsKept() {
        var state = VerdictChanges()
        state = state.applying([Self.report("v1", errors: 20), Self.report("v2", errors: 0)], now: Self.t(0)).next
        // When v1 disappears (its instances forgotten), nothing is sent and v1 is still remembered
        let (afterGone, gone) = state.applying([Self.report("v2", errors: 0)], now: Self.t(1))
        #expect(gone.isEmpty)
        #expect(afterGone.images["v1"]?.verdict == .failing)
        #expect(afterGone.images["v1"]?.lastSeen == Self.t(0))
        // When it comes back still failing: silent; when it comes back healthy: a change from failing
        #expect(afterGone.applying([Self.report("v1", errors: 20)], now: Self.t(2)).notifications.isEmpty)
        let back = afterGone.applying([Self.report("v1", errors: 0)], now: Self.t(2)).notifications
        #expect(back.map(\.id) == ["verdict-v1-2"])
        #expect(back.first?.previousVerdict == "failing")
    }

    @Test func beyondMaxImagesTheLeastRecentlySeenAreForgottenAndLaterSeenAfresh() {
        var state = VerdictChanges(maxImages: 2)
        state = state.applying([Self.report("old", errors: 20)], now: Self.t(0)).next
        state = state.applying([Self.report("a", errors: 0), Self.report("b", errors: 0)], now: Self.t(1)).next
        #expect(Set(state.images.keys) == ["a", "b"])
        // "old" is a first sight again: announced from no previous verdict, numbered from 1
        let again = state.applying([Self.report("old", errors: 20)], now: Self.t(2)).notifications
        #expect(again.map(\.id) == ["verdict-old-1"])
        #expect(again.first?.previousVerdict == nil)
    }

    @Test func theStateRoundTripsThroughJSON() throws {
        let state = VerdictChanges().applying([Self.report("v1", errors: 20), Self.report("v2", errors: 0)], now: Self.t(0)).next
        let decoded = try ActionJSON.decode(VerdictChanges.self, from: try ActionJSON.encode(state))
        #expect(decoded == state)
    }
}
