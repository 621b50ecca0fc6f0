import IILogsCore

/// Replays an instance's events (in time order) through ``InstanceStateRules`` and records each state change.
///
/// Only the agent's events are signs of life; a deployer's event starts the clock when it comes first
/// (an instance announced as `launched` whose agent never speaks becomes `lost`). A silence longer than
/// `lostAfter` between two events moves the state at `last sign of life + lostAfter`.
struct StateReplay {
    var changes: [TimelineEntry] = []
    var state: InstanceState?
    /// When ``state`` was entered.
    var stateAt: Timestamp?
    var facts: InstanceStateRules.Facts?
    var lastSignal: Int64?
    /// `end` when the final state closes the story.
    var end: TimelineEntry?

    static func run(_ events: [StoredEvent], firstSeen: Timestamp, lastSeen: Timestamp, now: Timestamp, lostAfter: Duration) -> StateReplay {
        var replay = StateReplay()
        let grace = lostAfter.totalNanoseconds
        for stored in events {
            let t = stored.event.time.nanosecondsSinceEpoch
            if let last = replay.lastSignal, let facts = replay.facts {
                let silence = t.subtractingReportingOverflow(last)
                if !silence.overflow, silence.partialValue > grace {
                    let at = Timestamp(nanosecondsSinceEpoch: last).adding(lostAfter)
                    replay.move(to: InstanceStateRules.state(facts, now: at.adding(nanoseconds: 1), lostAfter: lostAfter), at: at,
                                because: "silent for longer than \(DurationParser.format(lostAfter))")
                }
            }
            var facts = replay.facts ?? InstanceStateRules.Facts(lastSeen: t)
            facts.apply(stored)
            if stored.source == .agent || replay.lastSignal == nil { replay.lastSignal = t }
            facts.lastSeen = replay.lastSignal ?? t
            replay.facts = facts
            replay.move(to: InstanceStateRules.state(facts, now: stored.event.time, lostAfter: lostAfter), at: stored.event.time,
                        because: "\(stored.event.name.rawValue) from the \(stored.source.rawValue)")
        }
        // Now: the registry's last-seen time (batches without events count too) against the clock.
        var facts = replay.facts ?? InstanceStateRules.Facts(lastSeen: firstSeen.nanosecondsSinceEpoch)
        if replay.state == nil {
            replay.move(to: InstanceStateRules.state(facts, now: firstSeen, lostAfter: lostAfter), at: firstSeen, because: "first seen")
        }
        facts.lastSeen = max(facts.lastSeen, lastSeen.nanosecondsSinceEpoch)
        let final = InstanceStateRules.state(facts, now: now, lostAfter: lostAfter)
        if final != replay.state {
            let silentEnd = Timestamp(nanosecondsSinceEpoch: facts.lastSeen).adding(lostAfter)
            replay.move(to: final, at: min(silentEnd, now), because: "silent for longer than \(DurationParser.format(lostAfter))")
        }
        replay.facts = facts
        replay.end = replay.closing(lostAfter: lostAfter)
        return replay
    }

    mutating func move(to next: InstanceState, at time: Timestamp, because reason: String) {
        guard next != state else { return }
        changes.append(TimelineEntry(time: time, kind: .state, name: next.rawValue,
                                     detail: "\(state?.rawValue ?? "unknown") → \(next.rawValue): \(reason)", from: state, to: next))
        state = next
        stateAt = time
    }

    /// The `end` entry of a terminated or lost instance.
    func closing(lostAfter: Duration) -> TimelineEntry? {
        guard let state, let stateAt, let facts, state == .terminated || state == .lost else { return nil }
        let lastHeard = RFC3339.format(Timestamp(nanosecondsSinceEpoch: facts.lastSeen))
        let detail: String = switch state {
        case .lost: "lost: last heard from at \(lastHeard), no terminating event"
        case _ where facts.closedAt != nil: "terminated by the deployer"
        case _ where (facts.terminatedAt ?? .min) >= (facts.lastBootAt ?? .min) && facts.terminatedAt != nil: "shut down by its agent"
        default: "terminating, then silent since \(lastHeard)"
        }
        return TimelineEntry(time: stateAt, kind: .end, name: "end", detail: detail, to: state)
    }

    var stateValue: InstanceState { state ?? .running }
}
