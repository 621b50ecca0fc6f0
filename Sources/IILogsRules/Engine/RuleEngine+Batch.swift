public import IILogsCore

extension RuleEngine {
    /// Observes one instance's batch in order; `evidence(i)` gives the reference of `records[i]`.
    /// The instance is looked up once per batch, so this is the cheapest way in for the ingest path.
    public func observe(batch records: [Record], instance: InstanceIdentity, evidence: (Int) -> EvidenceRef) -> [Flag] {
        var flags: [Flag] = []
        guard let first = records.first else { return flags }
        let track = track(instance.instanceID, instance.imageVersion, at: first.time.nanosecondsSinceEpoch)
        for (index, record) in records.enumerated() {
            switch record {
            case .log(let log):
                counters.lines += 1
                if let track { observe(log: log, track: track, evidence: evidence(index), into: &flags) }
            case .metric(let sample): flags += observe(metric: sample, instance: instance, evidence: evidence(index))
            case .lifecycle(let event): flags += observe(event: event, instance: instance, evidence: evidence(index))
            }
        }
        return flags
    }
}
