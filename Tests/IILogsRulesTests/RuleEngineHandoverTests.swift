import IILogsCore
import IILogsRules
import Testing

/// The engine's side of several collectors sharing a store (docs/SCALING.md "Semantics on takeover"): which
/// instances a time-based rule is about to call silent, and what the registry's answer does to them.
@Suite struct RuleEngineHandoverTests {
    typealias H = RuleEngineHarness

    @Test func instancesAreDueWhenHeartbeatOrNeverReadyWouldFireNotBefore() {
        let h = H()
        let talking = H.identity("i-talking"), silent = H.identity("i-silent"), unready = H.identity("i-unready")
        let ending = H.identity("i-ending")
        for i in [talking, silent, ending] {
            h.event(i, at: 0, .boot)
            h.event(i, at: 5, .ready)
        }
        h.event(unready, at: 0, .boot)
        for t in stride(from: 10.0, through: 590, by: 10) {
            h.event(talking, at: t, .heartbeat)
            h.event(unready, at: t, .heartbeat)
        }
        h.event(silent, at: 100, .heartbeat)
        h.event(ending, at: 100, .terminating)

        // 2m after its last record the silent one is due; 10m after boot the unready one is
        #expect(h.engine.instancesDueForSilence(now: H.at(219)).isEmpty)
        #expect(h.engine.instancesDueForSilence(now: H.at(220)) == ["i-silent"])
        #expect(Set(h.engine.instancesDueForSilence(now: H.at(600))) == ["i-silent", "i-unready"])

        // Once fired they are not due again until they reset
        h.tick(at: 600)
        #expect(Set(h.drain().map(\.instanceID)) == ["i-silent", "i-unready"])
        #expect(h.engine.instancesDueForSilence(now: H.at(700)).isEmpty)
    }

    @Test func anInstanceHandedOverIsForgottenAndRaisesNothingHere() {
        let h = H()
        let moved = H.identity("i-moved")
        h.event(moved, at: 0, .boot)
        h.event(moved, at: 5, .ready)
        h.event(moved, at: 30, .heartbeat)

        #expect(h.engine.instancesDueForSilence(now: H.at(150)) == ["i-moved"])
        h.engine.handOver(instanceID: "i-moved")
        h.tick(at: 150)
        h.tick(at: 1_000)
        #expect(h.drain().isEmpty, "the collector the agent talks to now watches it")
        #expect(h.engine.instanceCount == 0)
        #expect(h.engine.counters.handedOver == 1)
        h.engine.handOver(instanceID: "i-moved")
        #expect(h.engine.counters.handedOver == 1, "an instance not tracked is not counted twice")

        // It comes back to this collector: tracked afresh, and watched again
        h.event(moved, at: 1_010, .heartbeat)
        h.tick(at: 1_129)
        #expect(h.drain().isEmpty)
        h.tick(at: 1_130)
        #expect(h.drain().map(\.rule) == ["instance-lost"])
    }

    @Test func heardLaterThanItsRecordsIsNotSilent() {
        let h = H()
        let replaying = H.identity("i-replaying")
        h.event(replaying, at: 0, .boot)
        h.event(replaying, at: 5, .ready)
        h.event(replaying, at: 10, .heartbeat)

        // Its agent ships a spooled backlog: records of t=10s arrive at t=200s
        h.engine.heard(instanceID: "i-replaying", at: H.at(200))
        h.engine.heard(instanceID: "i-replaying", at: H.at(50))
        h.tick(at: 319)
        #expect(h.drain().isEmpty, "heard at 200s, so silent for less than 2m")
        h.tick(at: 320)
        let flags = h.drain()
        #expect(flags.map(\.rule) == ["instance-lost"])
        #expect(flags.first?.reason.hasPrefix("nothing heard for 2m since 2026-11-23T10:03:20Z") == true)
    }
}
