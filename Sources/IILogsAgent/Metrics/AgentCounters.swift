public import IILogsCore

/// The agent's own counters at one moment, gathered from the sources, batcher, spool, shipper and
/// StatsD listener. Counts are cumulative since the agent started (like Prometheus counters), so a lost
/// sample loses nothing; `spool_bytes` and the buffered figures are gauges.
public struct AgentCounters: Sendable, Hashable {
    /// Records the sources handed to the batcher (log lines, events, metric samples).
    public var recordsRead = 0
    /// Records in batches written to the spool.
    public var recordsSpooled = 0
    /// Batches written to the spool.
    public var batchesSpooled = 0
    /// Batch frames written to the collector (resends included).
    public var batchesSent = 0
    /// Batches the collector acknowledged (durably stored).
    public var batchesShipped = 0
    /// Connections that reached `welcome`; all but the first are reconnects.
    public var connections = 0
    /// Connection attempts that failed or connections that broke.
    public var connectionFailures = 0
    /// Connections dropped because the collector did not answer within `shipper.ackTimeout` (also counted in
    /// ``connectionFailures``).
    public var ackTimeouts = 0
    /// Records dropped since start, by reason (`spool_full`, `write_error`, `entry_too_large`, `corrupt`,
    /// and the StatsD listener's `statsd_parse_error`, `statsd_too_many_names`).
    public var droppedByReason: [String: Int] = [:]
    /// Records dropped since the spool's stream began (the figure every batch carries to the collector).
    public var droppedInStream: UInt64 = 0
    /// Bytes of all spool segment files now.
    public var spoolBytes = 0
    /// Spooled entries not yet acknowledged now.
    public var spoolUnacknowledgedEntries = 0
    /// Records waiting in the batcher's buffer now.
    public var bufferedRecords = 0

    public init() {}

    /// The counters as `agent.*` samples (docs/METRICS.md).
    public func samples(at time: Timestamp) -> [MetricSample] {
        func sample(_ name: String, _ value: Int, _ labels: [LogField] = []) -> MetricSample {
            MetricSample(time: time, name: name, value: Double(value), unit: name == "agent.spool_bytes" ? "bytes" : "count", labels: labels)
        }
        var out = [
            sample("agent.records_read", recordsRead),
            sample("agent.records_spooled", recordsSpooled),
            sample("agent.batches_spooled", batchesSpooled),
            sample("agent.batches_sent", batchesSent),
            sample("agent.batches_shipped", batchesShipped),
            sample("agent.reconnects", max(0, connections - 1)),
            sample("agent.connection_failures", connectionFailures),
            sample("agent.ack_timeouts", ackTimeouts),
            sample("agent.spool_bytes", spoolBytes),
            sample("agent.spool_unacknowledged", spoolUnacknowledgedEntries),
            sample("agent.buffered_records", bufferedRecords),
            MetricSample(time: time, name: "agent.dropped_in_stream", value: Double(droppedInStream), unit: "count"),
        ]
        for reason in droppedByReason.keys.sorted() {
            out.append(sample("agent.dropped", droppedByReason[reason] ?? 0, [LogField("reason", reason)]))
        }
        return out
    }
}
