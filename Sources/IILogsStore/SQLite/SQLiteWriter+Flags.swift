import IILogsCore

extension SQLiteWriter {
    /// Inserts a flag (and, for a quarantine, its `quarantined-by-rule` event) in the caller's transaction.
    func insertFlag(_ flag: StoredFlag, receivedAt: Int64) throws(StoreError) -> Int64 {
        let instanceKey = try existingInstanceKey(flag.instanceID)
        let insert = try db.cached("""
            INSERT INTO flags(instance_key, rule, kind, action, key, time, reason, evidence, action_results)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """)
        insert.bind(1, instanceKey)
        insert.bind(2, flag.rule)
        insert.bind(3, flag.kind)
        insert.bind(4, flag.action)
        insert.bind(5, flag.key)
        insert.bind(6, flag.time.nanosecondsSinceEpoch)
        insert.bind(7, flag.reason)
        insert.bind(8, flag.evidenceJSON)
        insert.bind(9, flag.actionResultsJSON)
        guard try insert.step() else { throw StoreError(.io, "flag insert for \(flag.instanceID) returned no id") }
        let id = insert.int64(0)
        insert.reset()
        if flag.isQuarantine {
            _ = try insertDeployerEvent(DeployerEvent(instanceID: flag.instanceID, imageVersion: flag.imageVersion,
                                                      name: .quarantinedByRule, time: flag.time,
                                                      detail: "rule \(flag.rule): \(flag.reason)", id: "flag-\(id)"),
                                        receivedAt: receivedAt)
        }
        return id
    }

    func updateFlagActionResults(id: Int64, json: String) throws(StoreError) {
        let update = try db.cached("UPDATE flags SET action_results = ? WHERE id = ?")
        update.bind(1, json)
        update.bind(2, id)
        try update.step()
        update.reset()
    }

    /// Releases the open flags of an instance in the caller's transaction; ends its quarantine when it has one.
    func releaseFlags(instanceID: String, reason: String, at time: Int64) throws(StoreError) -> [StoredFlag] {
        let open = try SQLiteFlagReader(db: db).flags(FlagFilter(instanceID: instanceID, openOnly: true, limit: 0))
        guard !open.isEmpty else { return [] }
        let instanceKey = try existingInstanceKey(instanceID)
        let update = try db.cached("UPDATE flags SET released_at = ?, release_reason = ? WHERE instance_key = ? AND released_at IS NULL")
        update.bind(1, time)
        update.bind(2, reason)
        update.bind(3, instanceKey)
        try update.step()
        update.reset()
        let marks = try db.cached("SELECT quarantined_at FROM instances WHERE key = ?")
        marks.bind(1, instanceKey)
        let quarantinedAt = try marks.step() ? marks.optionalInt64(0) : nil
        marks.reset()
        if let quarantinedAt {
            // The release must not come before the quarantine it ends (an agent's clock may run ahead).
            let releaseTime = max(time, quarantinedAt)
            _ = try insertDeployerEvent(DeployerEvent(instanceID: instanceID, imageVersion: open[0].imageVersion,
                                                      name: .quarantineReleased, time: Timestamp(nanosecondsSinceEpoch: releaseTime),
                                                      detail: reason),
                                        receivedAt: time)
        }
        return open.map { flag in
            var released = flag
            released.releasedAt = Timestamp(nanosecondsSinceEpoch: time)
            released.releaseReason = reason
            return released
        }
    }

    private func existingInstanceKey(_ instanceID: String) throws(StoreError) -> Int64 {
        let select = try db.cached("SELECT key FROM instances WHERE instance_id = ?")
        select.bind(1, instanceID)
        defer { select.reset() }
        guard try select.step() else { throw StoreError(.invalidQuery, "no instance \(instanceID) in the store") }
        return select.int64(0)
    }
}
