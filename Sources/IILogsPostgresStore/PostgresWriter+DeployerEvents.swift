import IILogsCore
import IILogsStore
import PostgresNIO

extension PostgresWriter {
    /// One deployer event inside the caller's transaction: the instance (created when unknown, its image never
    /// changed), the event (once per (instance, id)), and the instance marks it sets.
    func insertDeployerEvent(_ event: DeployerEvent, receivedAt: Int64) async throws -> DeployerEventOutcome {
        let time = event.time.nanosecondsSinceEpoch
        let firstSeen = min(time, receivedAt)
        let imageKey = try await imageKey(event.imageVersion, at: firstSeen, touch: false)
        // A new instance is first seen when launched and last seen now (so it gets `lostAfter` to connect).
        guard let row = try await connection.firstRow("""
            INSERT INTO instances(instance_id, image_key, first_seen, last_seen) VALUES (\(event.instanceID), \(imageKey), \(firstSeen), \(receivedAt))
            ON CONFLICT(instance_id) DO UPDATE SET first_seen = least(instances.first_seen, excluded.first_seen)
            RETURNING key
            """, logger) else { throw StoreError(.io, "instance upsert for \(event.instanceID) returned no key") }
        let instanceKey = try row.int64(0)

        let inserted = try await connection.firstRow("""
            INSERT INTO events(instance_key, time, name, boot_id, detail, fields, received_at, source, event_id)
            VALUES (\(instanceKey), \(time), \(event.name.rawValue), '', \(event.detail), '[]', \(receivedAt), 'deployer', \(event.id))
            ON CONFLICT (instance_key, event_id) WHERE event_id IS NOT NULL DO NOTHING RETURNING 1
            """, logger)
        guard inserted != nil else { return .duplicate }

        let name = event.name.rawValue
        try await connection.run("""
            UPDATE instances SET
                last_event = CASE WHEN last_event_time IS NULL OR \(time) >= last_event_time THEN \(name) ELSE last_event END,
                last_event_time = greatest(last_event_time, \(time)),
                terminating_at = CASE WHEN \(name) = 'terminate-requested' THEN greatest(terminating_at, \(time)) ELSE terminating_at END,
                closed_at = CASE WHEN \(name) = 'terminated' THEN greatest(closed_at, \(time)) ELSE closed_at END,
                quarantined_at = CASE WHEN \(name) IN ('quarantined-by-deployer', 'quarantined-by-rule')
                                      THEN greatest(quarantined_at, \(time)) ELSE quarantined_at END,
                released_at = CASE WHEN \(name) = 'quarantine-released' THEN greatest(released_at, \(time)) ELSE released_at END
            WHERE key = \(instanceKey)
            """, logger)
        return .created
    }
}
