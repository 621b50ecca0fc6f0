import IILogsCore
@testable import IILogsStore
import Testing

@Suite("InstanceStateRules")
struct InstanceStateRulesTests {
    static let now = Timestamp(nanosecondsSinceEpoch: 1_000_000_000_000)
    static let lostAfter = Duration.seconds(60)
    static func ago(_ seconds: Int64) -> Int64 { now.nanosecondsSinceEpoch - seconds * 1_000_000_000 }

    static func state(lastSeen: Int64, boot: Int64? = nil, terminating: Int64? = nil, terminated: Int64? = nil) -> InstanceState {
        InstanceStateRules.state(.init(lastSeen: lastSeen, lastBootAt: boot, terminatingAt: terminating, terminatedAt: terminated),
                                 now: now, lostAfter: lostAfter)
    }

    @Test func runningWhileHeard() { #expect(Self.state(lastSeen: Self.ago(5), boot: Self.ago(100)) == .running) }
    @Test func lostWhenSilent() { #expect(Self.state(lastSeen: Self.ago(61), boot: Self.ago(100)) == .lost) }
    @Test func silentExactlyLostAfterIsStillRunning() { #expect(Self.state(lastSeen: Self.ago(60)) == .running) }
    @Test func terminatingWhileHeard() { #expect(Self.state(lastSeen: Self.ago(5), terminating: Self.ago(10)) == .terminating) }
    @Test func terminatingThenSilentIsTerminated() { #expect(Self.state(lastSeen: Self.ago(90), terminating: Self.ago(90)) == .terminated) }
    @Test func shutdownIsTerminatedEvenWhenSilent() { #expect(Self.state(lastSeen: Self.ago(900), terminated: Self.ago(900)) == .terminated) }
    @Test func bootAfterShutdownRunsAgain() {
        #expect(Self.state(lastSeen: Self.ago(1), boot: Self.ago(10), terminating: Self.ago(30), terminated: Self.ago(20)) == .running)
    }
    @Test func overflowingClocksDoNotTrap() {
        #expect(InstanceStateRules.state(.init(lastSeen: .min), now: Timestamp(nanosecondsSinceEpoch: .max), lostAfter: Self.lostAfter) == .lost)
    }
}

@Suite("InstanceStateRules with deployer events")
struct InstanceStateRulesDeployerTests {
    static let now = InstanceStateRulesTests.now
    static func ago(_ seconds: Int64) -> Int64 { InstanceStateRulesTests.ago(seconds) }
    static func state(_ facts: InstanceStateRules.Facts) -> InstanceState {
        InstanceStateRules.state(facts, now: now, lostAfter: InstanceStateRulesTests.lostAfter)
    }

    @Test func deployerTerminatedIsFinalEvenAfterALaterBoot() {
        #expect(Self.state(.init(lastSeen: Self.ago(1), lastBootAt: Self.ago(2), closedAt: Self.ago(10))) == .terminated)
    }
    @Test func quarantinedWinsOverLost() {
        #expect(Self.state(.init(lastSeen: Self.ago(900), quarantinedAt: Self.ago(950))) == .quarantined)
    }
    @Test func releasedAfterQuarantineIsRunning() {
        #expect(Self.state(.init(lastSeen: Self.ago(1), quarantinedAt: Self.ago(20), releasedAt: Self.ago(10))) == .running)
    }
    @Test func requarantinedAfterARelease() {
        #expect(Self.state(.init(lastSeen: Self.ago(1), quarantinedAt: Self.ago(5), releasedAt: Self.ago(10))) == .quarantined)
    }
    @Test func shutdownWinsOverQuarantine() {
        #expect(Self.state(.init(lastSeen: Self.ago(1), terminatedAt: Self.ago(2), quarantinedAt: Self.ago(20))) == .terminated)
    }
    @Test func factsFoldEventsBySource() {
        var facts = InstanceStateRules.Facts(lastSeen: 0)
        let terminated = LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: 5), name: .terminated)
        facts.apply(StoredEvent(instanceID: "i", event: terminated, receivedAt: .zero, source: .agent))
        #expect(facts.terminatedAt == 5 && facts.closedAt == nil)
        facts.apply(StoredEvent(instanceID: "i", event: terminated, receivedAt: .zero, source: .deployer))
        #expect(facts.closedAt == 5)
        let requested = LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: 7), name: .terminateRequested)
        facts.apply(StoredEvent(instanceID: "i", event: requested, receivedAt: .zero, source: .agent))
        #expect(facts.terminatingAt == nil, "only a deployer's terminate-requested counts")
    }
}
