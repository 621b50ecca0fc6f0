public import IILogsCore


extension APILogLine {
    /// The JSON shape of a stored line.
    public init(_ line: StoredLogLine) {
        let r = line.record
        self.init(time: RFC3339.format(r.time), instance: line.instanceID, image: line.imageVersion, severity: r.severity.name,
                  facility: Int(r.facility), hostname: r.hostname, app: r.app, procid: r.procID, message: r.message,
                  fields: APIFields.map(r.fields))
    }
}

extension APIQueryStats {
    /// The JSON shape of a query's work counters.
    public init(_ stats: QueryStats, elapsedMicroseconds: Int) {
        self.init(chunksConsidered: stats.chunksConsidered, chunksSkippedBySeverity: stats.chunksSkippedBySeverity,
                  chunksSkippedByFilter: stats.chunksSkippedByFilter, chunksDecoded: stats.chunksDecoded,
                  chunksCorrupt: stats.chunksCorrupt, messageSectionsSkipped: stats.messageSectionsSkipped,
                  linesScanned: stats.linesScanned, elapsedMicroseconds: elapsedMicroseconds)
    }
}

extension APIEvent {
    /// The JSON shape of a stored lifecycle event.
    public init(_ stored: StoredEvent) {
        let e = stored.event
        self.init(time: RFC3339.format(e.time), name: e.name.rawValue, boot: e.bootID, detail: e.detail, fields: APIFields.map(e.fields))
    }
}

extension APIDelivery {
    /// The JSON shape of an instance's delivery accounting.
    public init(_ d: DeliveryStats) {
        self.init(batches: d.batches, lines: d.lines, duplicateBatches: d.duplicateBatches, sequenceGaps: d.sequenceGaps,
                  agentDroppedRecords: d.agentDroppedRecords, lastSequence: d.lastSequence)
    }
}

extension APIInstance {
    /// The JSON shape of an instance; `events` only for the single-instance endpoint.
    public init(_ s: InstanceSummary, events: [StoredEvent]? = nil) {
        self.init(instance: s.identity.instanceID, image: s.identity.imageVersion, boot: s.identity.bootID, labels: s.identity.labels,
                  state: s.state.rawValue, firstSeen: RFC3339.format(s.firstSeen), lastSeen: RFC3339.format(s.lastSeen),
                  lastLogTime: s.lastLogTime.map(RFC3339.format), lastEvent: s.lastEvent, delivery: APIDelivery(s.delivery),
                  events: events.map { $0.map(APIEvent.init) })
    }
}

extension APIImage {
    /// The JSON shape of an image version's summary.
    public init(_ i: ImageSummary) {
        var states: [String: Int] = [:]
        for (state, count) in i.byState { states[state.rawValue] = count }
        self.init(image: i.imageVersion, firstSeen: RFC3339.format(i.firstSeen), lastSeen: RFC3339.format(i.lastSeen),
                  instances: i.instances, states: states, lines: i.lines)
    }
}

/// Record fields as a JSON object.
enum APIFields {
    /// Nil for no fields; a repeated name keeps its last value.
    static func map(_ fields: [LogField]) -> [String: String]? {
        guard !fields.isEmpty else { return nil }
        var out: [String: String] = [:]
        for f in fields { out[f.name] = f.value }
        return out
    }
}
