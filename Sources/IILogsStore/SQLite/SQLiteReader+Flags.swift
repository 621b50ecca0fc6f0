import IILogsCore

/// Reads flags (table `flags`) over one connection.
struct SQLiteFlagReader {
    let db: SQLiteDatabase

    /// Flags matching `filter`, newest first; `limit` 0 = all.
    func flags(_ filter: FlagFilter) throws(StoreError) -> [StoredFlag] {
        var conditions: [String] = []
        if filter.instanceID != nil { conditions.append("instances.instance_id = ?1") }
        if filter.openOnly { conditions.append("flags.released_at IS NULL") }
        if filter.action != nil { conditions.append("flags.action = ?2") }
        let select = try db.prepare("""
            SELECT flags.id, instances.instance_id, images.version, flags.rule, flags.kind, flags.action, flags.key,
                   flags.time, flags.reason, flags.evidence, flags.released_at, flags.release_reason, flags.action_results
            FROM flags JOIN instances ON instances.key = flags.instance_key JOIN images ON images.key = instances.image_key
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY flags.time DESC, flags.id DESC
            \(filter.limit > 0 ? "LIMIT \(filter.limit)" : "")
            """)
        defer { select.finalize() }
        if let instanceID = filter.instanceID { select.bind(1, instanceID) }
        if let action = filter.action { select.bind(2, action) }
        var result: [StoredFlag] = []
        while try select.step() {
            result.append(StoredFlag(
                id: select.int64(0), instanceID: select.string(1), imageVersion: select.string(2), rule: select.string(3),
                kind: select.string(4), action: select.string(5), key: select.string(6),
                time: Timestamp(nanosecondsSinceEpoch: select.int64(7)), reason: select.string(8), evidenceJSON: select.string(9),
                releasedAt: select.optionalInt64(10).map { Timestamp(nanosecondsSinceEpoch: $0) },
                releaseReason: select.optionalString(11), actionResultsJSON: select.string(12)))
        }
        return result
    }
}
