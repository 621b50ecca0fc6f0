import IILogsCore

extension PostmortemAssembler {
    /// Identity from the instance summary, boots and the end from its timeline.
    ///
    /// The end of life: for a `lost` instance its last sign of life (`lastSeen`); for a `terminated` one the
    /// time of the timeline's `end` entry (the state change), else `lastSeen`. Running, terminating and
    /// quarantined instances have no end yet.
    static func identity(_ instance: APIInstance, timeline: APITimeline?) -> PostmortemIdentity {
        let closing = timeline?.entries.last { $0.kind == "end" }
        var end: String?
        var reason: String?
        switch instance.state {
        case "lost":
            end = instance.lastSeen
            reason = closing?.detail ?? "lost: no heartbeat after \(instance.lastSeen)"
        case "terminated":
            end = closing?.time ?? instance.lastSeen
            reason = closing?.detail ?? "terminated"
        default:
            break
        }
        return PostmortemIdentity(instance: instance.instance, image: instance.image, state: instance.state,
                                  firstSeen: instance.firstSeen, lastSeen: instance.lastSeen, end: end, endReason: reason,
                                  boots: boots(timeline, instance: instance), labels: instance.labels)
    }

    /// Each boot runs from its first sighting to the last timeline entry of that boot (the last boot to
    /// the instance's `lastSeen`).
    static func boots(_ timeline: APITimeline?, instance: APIInstance) -> [ReportBoot] {
        guard let timeline else {
            return instance.boot.isEmpty ? [] : [ReportBoot(id: instance.boot, firstSeen: instance.firstSeen, lastSeen: instance.lastSeen)]
        }
        return timeline.boots.enumerated().map { index, boot in
            if index == timeline.boots.count - 1 {
                return ReportBoot(id: boot.boot, firstSeen: boot.firstSeen, lastSeen: instance.lastSeen)
            }
            let last = timeline.entries.filter { $0.boot == boot.boot }.compactMap(\.time).max() ?? boot.firstSeen
            return ReportBoot(id: boot.boot, firstSeen: boot.firstSeen, lastSeen: max(last, boot.firstSeen))
        }
    }

    /// Timeline entries as the report shows them: events by their name (`boot`, `terminating`, `launched`),
    /// other entries by their kind (`state`, `gap`, `first-log`, `last-log`, `reboot`, `end`). A sequence gap
    /// has no time of its own and takes the previous entry's. At most `limit`, the last ones.
    static func timelineEntries(_ timeline: APITimeline?, limit: Int) -> [TimelineEntry] {
        guard let timeline else { return [] }
        var out: [TimelineEntry] = []
        var previous = timeline.start ?? ""
        for entry in timeline.entries {
            let time = entry.time ?? previous
            previous = time
            let kind = entry.kind == "event" ? entry.name : entry.kind
            var text = entry.detail.isEmpty ? entry.name : entry.detail
            if let source = entry.source, entry.kind == "event" { text += " (\(source))" }
            out.append(TimelineEntry(time: time, kind: kind, text: text))
        }
        return Array(out.suffix(limit))
    }
}
