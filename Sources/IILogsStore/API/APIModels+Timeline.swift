public import IILogsCore

extension APITimeline {
    /// The JSON shape of a timeline; offsets count from its earliest entry.
    public init(_ t: Timeline) {
        let start = t.start
        let entries = t.entries.map { e -> APITimelineEntry in
            let offset = e.time.flatMap { time in start.map { Double(time.nanosecondsSinceEpoch - $0.nanosecondsSinceEpoch) / 1e9 } }
            return APITimelineEntry(time: e.time.map(RFC3339.format), offsetSeconds: offset, kind: e.kind.rawValue, name: e.name,
                                    source: e.source?.rawValue, boot: e.bootID, detail: e.detail, from: e.from?.rawValue,
                                    to: e.to?.rawValue, until: e.until.map(RFC3339.format), stream: e.sequenceGap?.streamID,
                                    firstMissingSequence: e.sequenceGap?.firstMissing, lastMissingSequence: e.sequenceGap?.lastMissing)
        }
        let boots = t.boots.map { b in
            APIBoot(boot: b.bootID, firstSeen: RFC3339.format(b.firstSeen), uptimeSeconds: b.uptime.map { Double($0.totalNanoseconds) / 1e9 },
                    bootedAt: b.bootedAt.map(RFC3339.format))
        }
        self.init(instance: t.instanceID, image: t.imageVersion, state: t.state.rawValue, boots: boots, heartbeats: t.heartbeats,
                  heartbeatIntervalSeconds: t.heartbeatInterval.map { Double($0.totalNanoseconds) / 1e9 },
                  start: start.map(RFC3339.format), entries: entries)
    }
}
