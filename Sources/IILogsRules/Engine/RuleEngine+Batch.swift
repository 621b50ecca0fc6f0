public import IILogsCore

extension RuleEngine {
    /// Observes one instance's batch in order; `evidence(i)` gives the reference of `records[i]`.
    public func observe(batch records: [Record], instance: InstanceIdentity, evidence: (Int) -> EvidenceRef) -> [Flag] {
        var flags: [Flag] = []
        for (index, record) in records.enumerated() {
            switch record {
            case .log(let log): flags += observe(log: log, instance: instance, evidence: evidence(index))
            case .metric(let sample): flags += observe(metric: sample, instance: instance, evidence: evidence(index))
            case .lifecycle(let event): flags += observe(event: event, instance: instance, evidence: evidence(index))
            }
        }
        return flags
    }
}
