public import IILogsCore

extension RuleEngine {
    /// Observes one lifecycle event; returns the flags it raised (a `boot` can complete a boot loop).
    ///
    /// `boot` starts a new life: `never_ready` re-arms and the terminating mark clears. `ready`
    /// satisfies `never_ready`. `terminating`, `shutdown` and `terminated` make the silence that follows
    /// expected, so `heartbeat_missing` does not fire.
    public func observe(event: LifecycleEvent, instance: InstanceIdentity, evidence ref: EvidenceRef) -> [Flag] {
        counters.events += 1
        let time = event.time.nanosecondsSinceEpoch
        guard let track = track(instance.instanceID, instance.imageVersion, at: time) else { return [] }
        track.heard(at: time, kind: .event, ref: ref)
        var flags: [Flag] = []
        switch event.name {
        case .boot:
            let item = Evidence(kind: .event, ref: ref, time: event.time, text: evidenceText(Self.eventText(event)))
            track.bootAt = time
            track.bootEvidence = item
            track.readyAt = nil
            track.endingAt = nil
            track.boots += 1
            if track.boots > 1 { track.crashes += 1 }
            for index in track.neverReadyFired.indices { track.neverReadyFired[index] = false }
            for index in rules.boots.indices {
                let bootRule = rules.boots[index]
                track.bootWindows[index].prune(now: time, window: bootRule.window)
                track.bootWindows[index].add(time: time, cap: bootRule.count, evidence: item, maxEvidence: limits.maxEvidencePerFlag)
                let window = track.bootWindows[index]
                if window.count >= bootRule.count && !window.firing {
                    track.bootWindows[index].firing = true
                    let reason = "booted \(window.count) times in \(DurationParser.format(.nanoseconds(bootRule.window))) (threshold \(bootRule.count))"
                    flags.append(flag(bootRule.rule, track, time: time, reason: reason, evidence: window.evidence))
                }
            }
        case .ready:
            if track.readyAt == nil { track.readyAt = time }
        case .terminating, .shutdown, .terminated:
            if track.endingAt == nil { track.endingAt = time }
        default:
            break
        }
        return flags
    }

    static func eventText(_ event: LifecycleEvent) -> String {
        event.detail.isEmpty ? event.name.rawValue : "\(event.name.rawValue): \(event.detail)"
    }
}
