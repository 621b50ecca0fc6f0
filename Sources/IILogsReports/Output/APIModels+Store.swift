public import IILogsCore
public import IILogsStore

extension APILogLine {
    /// The API shape of a stored line (times in RFC 3339 UTC).
    public init(_ line: StoredLogLine) {
        let r = line.record
        self.init(time: RFC3339.format(r.time), instance: line.instanceID, image: line.imageVersion, severity: r.severity.name,
                  facility: Int(r.facility), hostname: r.hostname, app: r.app, procid: r.procID, message: r.message,
                  fields: r.fields.isEmpty ? nil : Dictionary(r.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }))
    }
}

extension APIQueryStats {
    public init(_ stats: QueryStats, elapsedMicroseconds: Int) {
        self.init(chunksConsidered: stats.chunksConsidered, chunksSkippedBySeverity: stats.chunksSkippedBySeverity,
                  chunksSkippedByFilter: stats.chunksSkippedByFilter, chunksDecoded: stats.chunksDecoded,
                  chunksCorrupt: stats.chunksCorrupt, linesScanned: stats.linesScanned, elapsedMicroseconds: elapsedMicroseconds)
    }
}

extension APIInstance {
    public init(_ summary: InstanceSummary, events: [StoredEvent]? = nil) {
        let d = summary.delivery
        self.init(instance: summary.identity.instanceID, image: summary.identity.imageVersion, boot: summary.identity.bootID,
                  labels: summary.identity.labels, state: summary.state.rawValue, firstSeen: RFC3339.format(summary.firstSeen),
                  lastSeen: RFC3339.format(summary.lastSeen), lastLogTime: summary.lastLogTime.map(RFC3339.format),
                  lastEvent: summary.lastEvent,
                  delivery: APIDelivery(batches: d.batches, lines: d.lines, duplicateBatches: d.duplicateBatches,
                                        sequenceGaps: d.sequenceGaps, agentDroppedRecords: d.agentDroppedRecords, lastSequence: d.lastSequence),
                  events: events.map { $0.map(APIEvent.init) })
    }
}

extension APIEvent {
    public init(_ stored: StoredEvent) {
        let e = stored.event
        self.init(time: RFC3339.format(e.time), name: e.name.rawValue, boot: e.bootID, detail: e.detail,
                  fields: e.fields.isEmpty ? nil : Dictionary(e.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }))
    }
}

extension APIImage {
    public init(_ summary: ImageSummary) {
        self.init(image: summary.imageVersion, firstSeen: RFC3339.format(summary.firstSeen), lastSeen: RFC3339.format(summary.lastSeen),
                  instances: summary.instances,
                  states: Dictionary(summary.byState.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +), lines: summary.lines)
    }
}
