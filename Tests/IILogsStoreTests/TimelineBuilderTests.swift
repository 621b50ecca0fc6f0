import IILogsCore
@testable import IILogsStore
import Testing

/// The timeline derivation on hand-made histories: no SQLite.
@Suite("TimelineBuilder")
struct TimelineBuilderTests {
    static let lostAfter = Duration.seconds(30)

    static func agent(_ seconds: Double, _ name: LifecycleEvent.Name, boot: String = "b1", detail: String = "",
                      fields: [LogField] = []) -> StoredEvent {
        StoredEvent(instanceID: "i-1", event: LifecycleEvent(time: T.s(seconds), name: name, bootID: boot, detail: detail, fields: fields),
                    receivedAt: T.s(seconds))
    }

    static func deployer(_ seconds: Double, _ name: LifecycleEvent.Name) -> StoredEvent {
        StoredEvent(instanceID: "i-1", event: LifecycleEvent(time: T.s(seconds), name: name), receivedAt: T.s(seconds),
                    source: .deployer, eventID: DeployerEvent.derivedID(name: name, time: T.s(seconds)))
    }

    /// boot + agent-start at `start`, then a heartbeat every second through `end`.
    static func life(boot: String = "b1", from start: Double, heartbeatsThrough end: Double, uptime: Double = 12.5) -> [StoredEvent] {
        [agent(start, .boot, boot: boot, fields: [LogField("uptime_seconds", String(uptime))]), agent(start, .agentStart, boot: boot)]
            + stride(from: start + 1, through: end, by: 1).map { agent($0, .heartbeat, boot: boot) }
    }

    static func history(_ events: [StoredEvent], lastSeen: Double, firstLine: Double? = nil, lastLine: Double? = nil,
                        gaps: [SequenceGap] = []) -> InstanceHistory {
        let summary = InstanceSummary(identity: InstanceIdentity(instanceID: "i-1", imageVersion: "v1"), state: .running,
                                      firstSeen: events.map(\.event.time).min() ?? T.s(0), lastSeen: T.s(lastSeen), lastLogTime: nil,
                                      lastEvent: nil, delivery: DeliveryStats())
        func line(_ s: Double?, _ message: String) -> StoredLogLine? {
            s.map { StoredLogLine(instanceID: "i-1", imageVersion: "v1", record: LogRecord(time: T.s($0), severity: .info, app: "web", message: message)) }
        }
        return InstanceHistory(summary: summary, events: events, firstLine: line(firstLine, "hello"), lastLine: line(lastLine, "bye"),
                               sequenceGaps: gaps)
    }

    static func build(_ history: InstanceHistory, now: Double) -> Timeline {
        TimelineBuilder.build(history, now: T.s(now), lostAfter: lostAfter)
    }

    static func states(_ t: Timeline) -> [InstanceState] { t.entries.filter { $0.kind == .state }.compactMap(\.to) }

    static func isOrdered(_ t: Timeline) -> Bool {
        let times = t.entries.filter { $0.kind != .end }.compactMap(\.time)
        return zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }
    }

    @Test func runningInstanceListsEventsHeartbeatsOnceAndLogLines() {
        let t = Self.build(Self.history(Self.life(from: 0, heartbeatsThrough: 10) + [Self.agent(3, .ready, detail: "cloud-init done")],
                                        lastSeen: 10, firstLine: 1, lastLine: 9), now: 11)
        #expect(t.state == .running)
        #expect(t.heartbeats == 10)
        #expect(t.heartbeatInterval == .seconds(1))
        #expect(t.entries.map(\.kind) == [.event, .event, .state, .firstLog, .event, .lastLog, .event])
        #expect(t.entries.filter { $0.kind == .event }.map(\.name) == ["boot", "agent-start", "ready", "heartbeat"])
        #expect(t.entries.last?.detail == "last of 10 heartbeats of this boot")
        #expect(t.entries.first { $0.kind == .firstLog }?.detail == "[info] web: hello")
        #expect(t.boots == [Timeline.Boot(bootID: "b1", firstSeen: T.s(0), uptime: .milliseconds(12_500))])
        #expect(t.boots.first?.bootedAt == T.s(-12.5))
        #expect(!t.entries.contains { $0.kind == .end })
    }

    @Test func rebootShowsTwoBootsAndARebootEntry() {
        // First boot shut down cleanly at 10, the second boot's agent starts at 20.
        let events = Self.life(from: 0, heartbeatsThrough: 9) + [Self.agent(10, .terminating), Self.agent(10.5, .shutdown)]
            + Self.life(boot: "b2", from: 20, heartbeatsThrough: 25, uptime: 3)
        let t = Self.build(Self.history(events, lastSeen: 25), now: 26)
        #expect(t.boots.map(\.bootID) == ["b1", "b2"])
        #expect(t.boots.map(\.uptime) == [.milliseconds(12_500), .seconds(3)])
        let reboot = t.entries.first { $0.kind == .reboot }
        #expect(reboot?.time == T.s(20))
        #expect(reboot?.bootID == "b2")
        #expect(Self.states(t) == [.running, .terminating, .terminated, .running])
        #expect(t.state == .running)
        #expect(t.entries.filter { $0.name == "heartbeat" }.count == 2, "the last heartbeat of each boot")
        #expect(t.entries.contains { $0.kind == .gap && $0.name == "heartbeat-silence" && $0.time == T.s(10.5) && $0.until == T.s(20) })
        #expect(Self.isOrdered(t))
    }

    @Test func silentAgentBecomesLostAfterTheGracePeriodAndTheStoryEnds() {
        let t = Self.build(Self.history(Self.life(from: 0, heartbeatsThrough: 10), lastSeen: 10, lastLine: 9), now: 100)
        #expect(t.state == .lost)
        #expect(Self.states(t) == [.running, .lost])
        let lost = t.entries.first { $0.kind == .state && $0.to == .lost }
        #expect(lost?.time == T.s(40), "last heard at 10 + lostAfter 30s")
        #expect(t.entries.last?.kind == .end)
        #expect(t.entries.last?.to == .lost)
        #expect(t.entries.last?.detail.hasPrefix("lost: last heard from at") == true)
    }

    @Test func notYetPastTheGracePeriodIsStillRunning() {
        let t = Self.build(Self.history(Self.life(from: 0, heartbeatsThrough: 10), lastSeen: 10), now: 40)
        #expect(t.state == .running)
        #expect(!t.entries.contains { $0.kind == .end })
    }

    @Test func silenceLongerThanTheGraceInTheMiddleIsLostThenRunningAgain() {
        let events = Self.life(from: 0, heartbeatsThrough: 10) + stride(from: 60.0, through: 65, by: 1).map { Self.agent($0, .heartbeat) }
        let t = Self.build(Self.history(events, lastSeen: 65), now: 66)
        #expect(Self.states(t) == [.running, .lost, .running])
        #expect(t.entries.first { $0.to == .lost }?.time == T.s(40))
        let gap = t.entries.first { $0.kind == .gap }
        #expect(gap?.time == T.s(10))
        #expect(gap?.until == T.s(60))
        #expect(gap?.detail == "nothing from the agent for 50s (heartbeat every 1s)")
    }

    @Test func deployerTerminatedClosesTheStoryEvenWhenTheAgentNeverSaidGoodbye() {
        // The agent vanished at 10 (no terminating); the deployer reports the termination at 12.
        let events = [Self.deployer(-5, .launched)] + Self.life(from: 0, heartbeatsThrough: 10) + [Self.deployer(12, .terminated)]
        let t = Self.build(Self.history(events, lastSeen: 10), now: 1000)
        #expect(t.state == .terminated)
        #expect(Self.states(t) == [.running, .terminated])
        #expect(t.entries.first?.name == "launched")
        #expect(t.entries.first?.source == .deployer)
        #expect(t.entries.last?.kind == .end)
        #expect(t.entries.last?.time == T.s(12))
        #expect(t.entries.last?.detail == "terminated by the deployer")
    }

    @Test func deployerTerminatedIsFinalEvenIfTheAgentBootsAgain() {
        let events = Self.life(from: 0, heartbeatsThrough: 5) + [Self.deployer(6, .terminated)] + Self.life(boot: "b2", from: 8, heartbeatsThrough: 9)
        let t = Self.build(Self.history(events, lastSeen: 9), now: 10)
        #expect(t.state == .terminated)
        #expect(InstanceState.derive(events: events, lastSeen: T.s(9), now: T.s(10), lostAfter: Self.lostAfter) == .terminated)
    }

    @Test func outOfOrderDeployerEventsGiveTheSameStory() {
        let inOrder = [Self.deployer(-5, .launched)] + Self.life(from: 0, heartbeatsThrough: 5)
            + [Self.deployer(6, .terminateRequested), Self.agent(6.5, .terminating), Self.agent(7, .shutdown), Self.deployer(8, .terminated)]
        var shuffled = inOrder
        shuffled.swapAt(0, shuffled.count - 1)  // `terminated` posted before `launched`
        shuffled.swapAt(3, shuffled.count - 4)  // a heartbeat after `terminate-requested`
        let a = Self.build(Self.history(inOrder, lastSeen: 7), now: 100)
        let b = Self.build(Self.history(shuffled, lastSeen: 7), now: 100)
        #expect(a == b)
        #expect(Self.states(a) == [.running, .terminating, .terminated])
        #expect(a.entries.filter { $0.kind == .event }.map(\.name)
                == ["launched", "boot", "agent-start", "heartbeat", "terminate-requested", "terminating", "shutdown", "terminated"])
        #expect(Self.isOrdered(a))
    }

    @Test func launchedButTheAgentNeverConnectsIsLost() {
        let t = Self.build(Self.history([Self.deployer(0, .launched)], lastSeen: 0), now: 31)
        #expect(t.state == .lost)
        #expect(Self.states(t) == [.running, .lost])
        #expect(t.boots.isEmpty)
    }

    @Test func terminateRequestedThenSilentIsTerminatedNotLost() {
        let events = Self.life(from: 0, heartbeatsThrough: 5) + [Self.deployer(6, .terminateRequested)]
        let t = Self.build(Self.history(events, lastSeen: 5), now: 100)
        #expect(Self.states(t) == [.running, .terminating, .terminated])
        #expect(t.entries.last?.detail.hasPrefix("terminating, then silent") == true)
    }

    @Test func quarantinedByDeployerUntilReleased() {
        let events = Self.life(from: 0, heartbeatsThrough: 5) + [Self.deployer(3, .quarantinedByDeployer)]
        #expect(Self.build(Self.history(events, lastSeen: 5), now: 6).state == .quarantined)
        #expect(Self.build(Self.history(events, lastSeen: 5), now: 600).state == .quarantined, "held, not lost")
        let released = events + [Self.deployer(4, .quarantineReleased)]
        let t = Self.build(Self.history(released, lastSeen: 5), now: 6)
        #expect(t.state == .running)
        #expect(Self.states(t) == [.running, .quarantined, .running])
    }

    @Test func sequenceGapsComeAfterTimedEntriesAndBeforeTheEnd() {
        let gaps = [SequenceGap(streamID: 7, firstMissing: 3, lastMissing: 5), SequenceGap(streamID: 7, firstMissing: 9, lastMissing: 9)]
        let t = Self.build(Self.history(Self.life(from: 0, heartbeatsThrough: 3), lastSeen: 3, gaps: gaps), now: 100)
        let tail = t.entries.suffix(3)
        #expect(tail.map(\.kind) == [.gap, .gap, .end])
        #expect(tail.first?.time == nil)
        #expect(tail.first?.detail == "stream 7: sequences 3–5 never arrived (3 batches)")
        #expect(tail.dropFirst().first?.detail == "stream 7: sequence 9 never arrived (1 batch)")
    }

    @Test func noEventsAtAllIsRunningFromFirstSeen() {
        let t = Self.build(Self.history([], lastSeen: 0, firstLine: 0, lastLine: 0), now: 1)
        #expect(t.state == .running)
        #expect(t.entries.map(\.kind) == [.state, .firstLog, .lastLog])
        #expect(t.heartbeatInterval == nil)
    }

    @Test func timelineStateMatchesTheRegistryRules() {
        let cases: [[StoredEvent]] = [
            Self.life(from: 0, heartbeatsThrough: 10),
            Self.life(from: 0, heartbeatsThrough: 10) + [Self.agent(11, .terminating)],
            Self.life(from: 0, heartbeatsThrough: 10) + [Self.agent(11, .shutdown)],
            [Self.deployer(0, .launched), Self.deployer(1, .quarantinedByDeployer)],
        ]
        for events in cases {
            for now in [12.0, 45, 500] {
                let t = Self.build(Self.history(events, lastSeen: 11), now: now)
                #expect(t.state == InstanceState.derive(events: events, lastSeen: T.s(11), now: T.s(now), lostAfter: Self.lostAfter))
            }
        }
    }
}
