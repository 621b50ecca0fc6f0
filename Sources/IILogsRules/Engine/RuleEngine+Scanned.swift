public import IILogsCore

extension RuleEngine {
    /// Observes one instance's batch as ``LogBlockScanner`` left it: the block's tallies count every line
    /// (health, outlier rates), the candidate lines go through the log rules, and events and samples as in
    /// ``observe(batch:instance:evidence:)``. The block counts as heard at its newest line's place in time
    /// order, so flags and heartbeat state come out as if every line had been observed.
    public func observe(scanned batch: ScannedBatch, instance: InstanceIdentity) -> [Flag] {
        var flags: [Flag] = []
        var blockTrack: InstanceTrack?
        var pendingHeard: (time: Int64, track: InstanceTrack)?
        if let tally = batch.tally, tally.lineCount > 0 {
            counters.lines += tally.lineCount
            if tally.inflated { counters.blocksInflated += 1 } else { counters.blocksSkipped += 1 }
            if tally.unreadable != nil { counters.unreadableBlocks += 1 }
            let newest = tally.newestTime.nanosecondsSinceEpoch
            if let track = track(instance.instanceID, instance.imageVersion, at: newest) {
                track.lines += tally.lineCount
                track.errorLines += tally.errorLines
                if !rules.outliers.isEmpty && !tally.errorTimes.isEmpty {
                    if track.errorMinutes == nil { track.errorMinutes = MinuteCounter() }
                    for time in tally.errorTimes { track.errorMinutes?.add(atNanoseconds: time) }
                }
                blockTrack = track
                pendingHeard = (newest, track)
            }
        }
        for (index, record) in batch.records.enumerated() {
            if case .log(let line) = record {
                if let track = blockTrack { match(log: line, track: track, evidence: batch.refs[index], into: &flags) }
                continue
            }
            // Lines sort before other records at equal times: the block was heard before any record this late.
            if let heard = pendingHeard, record.time.nanosecondsSinceEpoch >= heard.time {
                heard.track.heard(at: heard.time, kind: .log, ref: batch.newestLineRef)
                pendingHeard = nil
            }
            switch record {
            case .log: break
            case .metric(let sample): flags += observe(metric: sample, instance: instance, evidence: batch.refs[index])
            case .lifecycle(let event): flags += observe(event: event, instance: instance, evidence: batch.refs[index])
            }
        }
        if let heard = pendingHeard { heard.track.heard(at: heard.time, kind: .log, ref: batch.newestLineRef) }
        return flags
    }
}
