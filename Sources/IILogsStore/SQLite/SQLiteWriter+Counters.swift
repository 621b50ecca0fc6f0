package import IILogsCore

extension SQLiteWriter {
    /// Moves the instance's counters, last-seen/last-log times and lifecycle markers for one stored batch, and
    /// makes its collector the instance's `received_by` when the batch is the newest heard (the right-hand sides
    /// of an UPDATE read the row as it was).
    ///
    /// `coalesce(max(col, ?n), col, ?n)` is "the larger of the two, ignoring NULLs" (SQLite's scalar
    /// max returns NULL when any argument is NULL).
    func updateCounters(_ batch: IngestBatch, instanceKey: Int64) throws(StoreError) {
        let marks = LifecycleMarks(batch.events)
        let update = try db.cached("""
            UPDATE instances SET
                received_by = CASE WHEN ?1 >= last_seen THEN ?11 ELSE received_by END,
                last_seen = max(last_seen, ?1),
                lines = lines + ?2,
                batches = batches + 1,
                last_log_time = coalesce(max(last_log_time, ?3), last_log_time, ?3),
                agent_dropped = max(agent_dropped, ?4),
                last_event = CASE WHEN ?5 IS NOT NULL AND (last_event_time IS NULL OR ?6 >= last_event_time)
                                  THEN ?5 ELSE last_event END,
                last_event_time = coalesce(max(last_event_time, ?6), last_event_time, ?6),
                last_boot_at = coalesce(max(last_boot_at, ?7), last_boot_at, ?7),
                terminating_at = coalesce(max(terminating_at, ?8), terminating_at, ?8),
                terminated_at = coalesce(max(terminated_at, ?9), terminated_at, ?9)
            WHERE key = ?10
            """)
        let lines = Int64(batch.logs?.summary.lineCount ?? 0)
        update.bind(1, batch.receivedAt.nanosecondsSinceEpoch)
        update.bind(2, lines)
        update.bind(3, lines > 0 ? batch.logs?.summary.maxTime.nanosecondsSinceEpoch : nil)
        update.bind(4, Int64(clamping: batch.agentDroppedRecords))
        update.bind(5, marks.newestName)
        update.bind(6, marks.newestTime)
        update.bind(7, marks.boot)
        update.bind(8, marks.terminating)
        update.bind(9, marks.terminated)
        update.bind(10, instanceKey)
        update.bind(11, batch.receivedBy)
        try update.step()
    }
}

/// The lifecycle facts of one batch's events that the instance row keeps (newest of each kind).
package struct LifecycleMarks {
    package var newestName: String?
    package var newestTime: Int64?
    package var boot: Int64?
    package var terminating: Int64?
    /// `shutdown` or a deployer's `terminated`.
    package var terminated: Int64?

    package init(_ events: [LifecycleEvent]) {
        for event in events {
            let t = event.time.nanosecondsSinceEpoch
            if newestTime.map({ t >= $0 }) ?? true {
                newestTime = t
                newestName = event.name.rawValue
            }
            switch event.name {
            case .boot: boot = max(boot ?? t, t)
            case .terminating: terminating = max(terminating ?? t, t)
            case .shutdown, .terminated: terminated = max(terminated ?? t, t)
            default: break
            }
        }
    }
}
