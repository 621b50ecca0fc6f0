import IILogsCore

/// Records gathered for the next batch, with the sizes the cut triggers look at.
struct BatchBuffer<Instant: Sendable>: Sendable {
    var logs: [LogRecord] = []
    var events: [LifecycleEvent] = []
    var metrics: [MetricSample] = []
    /// Raw text bytes of the buffered records (messages, names, fields), the `batch.maxBytes` measure.
    var bytes = 0
    /// Newest checkpoint per source key among the buffered records.
    var checkpoints: [String: SourceCheckpoint] = [:]
    /// When the first record entered the buffer.
    var oldest: Instant?

    var count: Int { logs.count + events.count + metrics.count }
    var isEmpty: Bool { count == 0 }

    mutating func add(_ record: Record, checkpoint: SourceCheckpoint?, now: Instant) {
        if oldest == nil { oldest = now }
        switch record {
        case .log(let log):
            logs.append(log)
            bytes += log.message.utf8.count + log.app.utf8.count + log.hostname.utf8.count + log.procID.utf8.count
                + log.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
        case .lifecycle(let event):
            events.append(event)
            bytes += event.name.rawValue.utf8.count + event.detail.utf8.count + event.bootID.utf8.count
        case .metric(let sample):
            metrics.append(sample)
            bytes += sample.name.utf8.count + sample.unit.utf8.count + 8
        }
        if let checkpoint { checkpoints[checkpoint.sourceKey] = checkpoint }
    }

    /// The checkpoints, sorted by source key (deterministic entries).
    var sortedCheckpoints: [SourceCheckpoint] { checkpoints.keys.sorted().compactMap { checkpoints[$0] } }
}
