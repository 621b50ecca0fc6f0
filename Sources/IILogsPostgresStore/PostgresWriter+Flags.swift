import IILogsCore
import IILogsStore
import PostgresNIO

extension PostgresWriter {
    /// Inserts a flag (and, for a quarantine, its `quarantined-by-rule` event) in the caller's transaction.
    func insertFlag(_ flag: StoredFlag, receivedAt: Int64) async throws -> Int64 {
        let instanceKey = try await existingInstanceKey(flag.instanceID)
        let time = flag.time.nanosecondsSinceEpoch
        guard let row = try await connection.firstRow("""
            INSERT INTO flags(instance_key, rule, kind, action, key, time, reason, evidence, action_results)
            VALUES (\(instanceKey), \(flag.rule), \(flag.kind), \(flag.action), \(flag.key), \(time), \(flag.reason),
                    \(flag.evidenceJSON), \(flag.actionResultsJSON))
            RETURNING id
            """, logger) else { throw StoreError(.io, "flag insert for \(flag.instanceID) returned no id") }
        let id = try row.int64(0)
        if flag.isQuarantine {
            _ = try await insertDeployerEvent(DeployerEvent(instanceID: flag.instanceID, imageVersion: flag.imageVersion,
                                                            name: .quarantinedByRule, time: flag.time,
                                                            detail: "rule \(flag.rule): \(flag.reason)", id: "flag-\(id)"),
                                              receivedAt: receivedAt)
        }
        return id
    }

    /// Releases the open flags of an instance in the caller's transaction; ends its quarantine when it has one.
    func releaseFlags(instanceID: String, reason: String, at time: Int64) async throws -> [StoredFlag] {
        let open = try await PostgresFlagReader(connection: connection, logger: logger)
            .flags(FlagFilter(instanceID: instanceID, openOnly: true, limit: 0))
        guard !open.isEmpty else { return [] }
        let instanceKey = try await existingInstanceKey(instanceID)
        try await connection.run("""
            UPDATE flags SET released_at = \(time), release_reason = \(reason) WHERE instance_key = \(instanceKey) AND released_at IS NULL
            """, logger)
        let quarantinedAt = try await connection.firstRow("SELECT quarantined_at FROM instances WHERE key = \(instanceKey)", logger)?
            .optionalInt64(0)
        if let quarantinedAt {
            // The release must not come before the quarantine it ends (an agent's clock may run ahead).
            let releaseTime = max(time, quarantinedAt)
            _ = try await insertDeployerEvent(DeployerEvent(instanceID: instanceID, imageVersion: open[0].imageVersion,
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
}

/// Reads flags over one connection.
struct PostgresFlagReader {
    let connection: PostgresConnection
    let logger: Logger

    /// Flags matching `filter`, newest first; `limit` 0 = all.
    func flags(_ filter: FlagFilter) async throws -> [StoredFlag] {
        let limit: Int64? = filter.limit > 0 ? Int64(filter.limit) : nil  // LIMIT NULL: all
        let query: PostgresQuery = """
            SELECT flags.id, instances.instance_id, images.version, flags.rule, flags.kind, flags.action, flags.key,
                   flags.time, flags.reason, flags.evidence, flags.released_at, flags.release_reason, flags.action_results
            FROM flags JOIN instances ON instances.key = flags.instance_key JOIN images ON images.key = instances.image_key
            WHERE (\(filter.instanceID)::text IS NULL OR instances.instance_id = \(filter.instanceID))
              AND (\(filter.action)::text IS NULL OR flags.action = \(filter.action))
              AND (NOT \(filter.openOnly) OR flags.released_at IS NULL)
            ORDER BY flags.time DESC, flags.id DESC LIMIT \(limit)
            """
        return try await connection.rows(query, logger).map { row in
            StoredFlag(
                id: try row.int64(0), instanceID: try row.string(1), imageVersion: try row.string(2), rule: try row.string(3),
                kind: try row.string(4), action: try row.string(5), key: try row.string(6),
                time: Timestamp(nanosecondsSinceEpoch: try row.int64(7)), reason: try row.string(8), evidenceJSON: try row.string(9),
                releasedAt: try row.optionalInt64(10).map { Timestamp(nanosecondsSinceEpoch: $0) },
                releaseReason: try row.optionalString(11), actionResultsJSON: try row.string(12))
        }
    }
}
