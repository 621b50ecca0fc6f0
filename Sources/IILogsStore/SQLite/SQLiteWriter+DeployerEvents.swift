import IILogsCore

extension SQLiteWriter {
    /// One deployer event inside the caller's transaction: the instance (created when unknown, its image
    /// never changed), the event (once per (instance, id)), and the instance marks it sets.
    func insertDeployerEvent(_ event: DeployerEvent, receivedAt: Int64) throws(StoreError) -> DeployerEventOutcome {
        let time = event.time.nanosecondsSinceEpoch
        let imageKey = try imageKey(event.imageVersion, at: min(time, receivedAt), touch: false)
        // A new instance is first seen when launched and last seen now (so it gets `lostAfter` to connect).
        let upsert = try db.cached("""
            INSERT INTO instances(instance_id, image_key, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT(instance_id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen)
            RETURNING key
            """)
        upsert.bind(1, event.instanceID)
        upsert.bind(2, imageKey)
        upsert.bind(3, min(time, receivedAt))
        upsert.bind(4, receivedAt)
        guard try upsert.step() else { throw StoreError(.io, "instance upsert for \(event.instanceID) returned no key") }
        let instanceKey = upsert.int64(0)
        upsert.reset()

        let insert = try db.cached("""
            INSERT OR IGNORE INTO events(instance_key, time, name, boot_id, detail, fields, received_at, source, event_id)
            VALUES (?, ?, ?, '', ?, '[]', ?, 'deployer', ?)
            """)
        insert.bind(1, instanceKey)
        insert.bind(2, time)
        insert.bind(3, event.name.rawValue)
        insert.bind(4, event.detail)
        insert.bind(5, receivedAt)
        insert.bind(6, event.id)
        try insert.step()
        guard db.changes == 1 else { return .duplicate }

        let marks = try db.cached("""
            UPDATE instances SET
                last_event = CASE WHEN last_event_time IS NULL OR ?2 >= last_event_time THEN ?1 ELSE last_event END,
                last_event_time = coalesce(max(last_event_time, ?2), ?2),
                terminating_at = CASE WHEN ?1 = 'terminate-requested' THEN coalesce(max(terminating_at, ?2), ?2) ELSE terminating_at END,
                closed_at = CASE WHEN ?1 = 'terminated' THEN coalesce(max(closed_at, ?2), ?2) ELSE closed_at END,
                quarantined_at = CASE WHEN ?1 IN ('quarantined-by-deployer', 'quarantined-by-rule') THEN coalesce(max(quarantined_at, ?2), ?2) ELSE quarantined_at END,
                released_at = CASE WHEN ?1 = 'quarantine-released' THEN coalesce(max(released_at, ?2), ?2) ELSE released_at END
            WHERE key = ?3
            """)
        marks.bind(1, event.name.rawValue)
        marks.bind(2, time)
        marks.bind(3, instanceKey)
        try marks.step()
        return .created
    }
}
