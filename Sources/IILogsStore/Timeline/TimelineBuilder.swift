public import IILogsCore

/// Builds an instance's ``Timeline`` from its ``InstanceHistory``: pure, no store, so every rule is
/// unit-tested on hand-made histories.
///
/// - Events are ordered by their own time (not by arrival), so a deployer posting out of order gives the
///   same story. Heartbeats are counted, not listed; the last one of each boot is.
/// - The state is replayed event by event with ``InstanceStateRules`` (the registry's rules): a state
///   change entry each time it moves, including `lost` when the agent fell silent for longer than
///   `lostAfter` (and `running` again if it came back).
/// - A silence between two signs of life from the agent longer than ``Settings/silenceFactor`` heartbeat
///   intervals is a `gap`; so is each run of sequence numbers that never arrived.
/// - `end` closes the story of a terminated or lost instance.
public enum TimelineBuilder {
    /// The builder's limits, each a named setting.
    public struct Settings: Sendable, Hashable {
        /// A silence longer than this many heartbeat intervals is a shipping gap.
        public var silenceFactor: Int
        /// Characters of a log line quoted in `first-log` and `last-log` entries.
        public var lineExcerptCharacters: Int

        public init(silenceFactor: Int = 3, lineExcerptCharacters: Int = 200) {
            self.silenceFactor = silenceFactor
            self.lineExcerptCharacters = lineExcerptCharacters
        }
    }

    public static func build(_ history: InstanceHistory, now: Timestamp, lostAfter: Duration, settings: Settings = Settings()) -> Timeline {
        let events = history.events.enumerated()
            .sorted { ($0.element.event.time, $0.offset) < ($1.element.event.time, $1.offset) }
            .map(\.element)
        let heartbeats = events.filter(isHeartbeat)
        let interval = heartbeatInterval(heartbeats)
        let boots = boots(events)
        var entries = rebootEntries(boots) + eventEntries(events)
        let replay = StateReplay.run(events, firstSeen: history.summary.firstSeen, lastSeen: history.summary.lastSeen,
                                     now: now, lostAfter: lostAfter)
        entries += replay.changes
        if let line = history.firstLine { entries.append(lineEntry(line, kind: .firstLog, settings: settings)) }
        if let line = history.lastLine, line != history.firstLine { entries.append(lineEntry(line, kind: .lastLog, settings: settings)) }
        if let interval { entries += silenceGaps(events, interval: interval, factor: settings.silenceFactor) }

        var ordered = entries.enumerated()
            .sorted { ($0.element.time ?? .distantFuture, $0.offset) < ($1.element.time ?? .distantFuture, $1.offset) }
            .map(\.element)
        ordered += history.sequenceGaps.map(sequenceGapEntry)
        if let end = replay.end { ordered.append(end) }
        return Timeline(instanceID: history.summary.identity.instanceID, imageVersion: history.summary.identity.imageVersion,
                        state: replay.stateValue, boots: boots, heartbeats: heartbeats.count, heartbeatInterval: interval, entries: ordered)
    }

    static func isHeartbeat(_ stored: StoredEvent) -> Bool {
        stored.source == .agent && stored.event.name == .heartbeat
    }

    /// The median spacing of consecutive heartbeats of the same boot; nil without two of them.
    static func heartbeatInterval(_ heartbeats: [StoredEvent]) -> Duration? {
        var spacings: [Int64] = []
        for (previous, next) in zip(heartbeats, heartbeats.dropFirst()) where previous.event.bootID == next.event.bootID {
            let spacing = next.event.time.nanosecondsSinceEpoch.subtractingReportingOverflow(previous.event.time.nanosecondsSinceEpoch)
            if !spacing.overflow && spacing.partialValue > 0 { spacings.append(spacing.partialValue) }
        }
        guard !spacings.isEmpty else { return nil }
        return .nanoseconds(spacings.sorted()[spacings.count / 2])
    }

    /// Distinct boot IDs of agent events in time order, with the uptime of their `boot` event.
    static func boots(_ events: [StoredEvent]) -> [Timeline.Boot] {
        var boots: [Timeline.Boot] = []
        var index: [String: Int] = [:]
        for stored in events where stored.source == .agent && !stored.event.bootID.isEmpty {
            let id = stored.event.bootID
            if index[id] == nil {
                index[id] = boots.count
                boots.append(Timeline.Boot(bootID: id, firstSeen: stored.event.time, uptime: nil))
            }
            if stored.event.name == .boot, let i = index[id], boots[i].uptime == nil,
               let text = stored.event.fields.first(where: { $0.name == "uptime_seconds" })?.value, let seconds = Double(text),
               seconds.isFinite, seconds >= 0, seconds < 1e9 {
                boots[i].uptime = .nanoseconds(Int64(seconds * 1e9))
            }
        }
        return boots
    }

    static func rebootEntries(_ boots: [Timeline.Boot]) -> [TimelineEntry] {
        zip(boots, boots.dropFirst()).map { previous, next in
            TimelineEntry(time: next.firstSeen, kind: .reboot, name: "reboot", source: .agent, bootID: next.bootID,
                          detail: "boot \(next.bootID) follows \(previous.bootID)")
        }
    }

    /// Every event but heartbeats; the last heartbeat of each boot stands for them.
    static func eventEntries(_ events: [StoredEvent]) -> [TimelineEntry] {
        var heartbeatsPerBoot: [String: Int] = [:]
        var lastHeartbeat: [String: Int] = [:]
        for (i, stored) in events.enumerated() where isHeartbeat(stored) {
            heartbeatsPerBoot[stored.event.bootID, default: 0] += 1
            lastHeartbeat[stored.event.bootID] = i
        }
        return events.enumerated().compactMap { i, stored in
            let e = stored.event
            var detail = e.detail
            if isHeartbeat(stored) {
                guard lastHeartbeat[e.bootID] == i else { return nil }
                let count = heartbeatsPerBoot[e.bootID] ?? 1
                detail = "last of \(count) heartbeat\(count == 1 ? "" : "s")\(e.bootID.isEmpty ? "" : " of this boot")"
            }
            return TimelineEntry(time: e.time, kind: .event, name: e.name.rawValue, source: stored.source,
                                 bootID: e.bootID.isEmpty ? nil : e.bootID, detail: detail)
        }
    }

    static func lineEntry(_ line: StoredLogLine, kind: TimelineEntry.Kind, settings: Settings) -> TimelineEntry {
        let r = line.record
        var text = (r.app.isEmpty ? "" : r.app + ": ") + r.message
        if text.count > settings.lineExcerptCharacters { text = String(text.prefix(settings.lineExcerptCharacters)) + "…" }
        return TimelineEntry(time: r.time, kind: kind, name: kind.rawValue, detail: "[\(r.severity.name)] \(text)")
    }

    /// Silences between consecutive agent events longer than `factor` × `interval`.
    static func silenceGaps(_ events: [StoredEvent], interval: Duration, factor: Int) -> [TimelineEntry] {
        let signals = events.filter { $0.source == .agent }.map(\.event.time)
        let limit = interval.totalNanoseconds.multipliedReportingOverflow(by: Int64(max(1, factor)))
        guard !limit.overflow else { return [] }
        return zip(signals, signals.dropFirst()).compactMap { start, end in
            let silence = end.nanosecondsSinceEpoch.subtractingReportingOverflow(start.nanosecondsSinceEpoch)
            guard !silence.overflow, silence.partialValue > limit.partialValue else { return nil }
            return TimelineEntry(time: start, kind: .gap, name: "heartbeat-silence",
                                 detail: "nothing from the agent for \(DurationParser.format(.nanoseconds(silence.partialValue))) "
                                     + "(heartbeat every \(DurationParser.format(interval)))",
                                 until: end)
        }
    }

    static func sequenceGapEntry(_ gap: SequenceGap) -> TimelineEntry {
        let range = gap.count == 1 ? "sequence \(gap.firstMissing)" : "sequences \(gap.firstMissing)–\(gap.lastMissing)"
        return TimelineEntry(time: nil, kind: .gap, name: "sequence",
                             detail: "stream \(gap.streamID): \(range) never arrived (\(gap.count) batch\(gap.count == 1 ? "" : "es"))",
                             sequenceGap: gap)
    }
}
