public import IILogsCore

extension SQLiteStore {
    public func recordFlag(_ flag: StoredFlag) async throws(StoreError) -> Int64 {
        let now = Timestamp.now().nanosecondsSinceEpoch
        return try await grouped { writer throws(StoreError) in try writer.insertFlag(flag, receivedAt: now) }
    }

    /// One savepoint in the writer's next group transaction (a flag storm's flags share fsyncs with the batches).
    public func recordFlags(_ flags: [StoredFlag]) async throws(StoreError) -> [Result<Int64, StoreError>] {
        let now = Timestamp.now().nanosecondsSinceEpoch
        return try await grouped { writer throws(StoreError) -> [Result<Int64, StoreError>] in
            var results: [Result<Int64, StoreError>] = []
            results.reserveCapacity(flags.count)
            for flag in flags {
                do throws(StoreError) {
                    results.append(.success(try writer.insertFlag(flag, receivedAt: now)))
                } catch where error.code == .invalidQuery {
                    results.append(.failure(error))  // an unknown instance: nothing of this flag was written
                }
            }
            return results
        }
    }

    public func flags(_ filter: FlagFilter) async throws(StoreError) -> [StoredFlag] {
        try await read { db throws(StoreError) in try SQLiteFlagReader(db: db).flags(filter) }
    }

    public func setFlagActionResults(id: Int64, json: String) async throws(StoreError) {
        try await write { writer throws(StoreError) in
            try writer.transaction { () throws(StoreError) in try writer.updateFlagActionResults(id: id, json: json) }
        }
    }

    public func releaseFlags(instanceID: String, reason: String, at time: Timestamp) async throws(StoreError) -> [StoredFlag] {
        try await write { writer throws(StoreError) in
            try writer.transaction { () throws(StoreError) -> [StoredFlag] in
                try writer.releaseFlags(instanceID: instanceID, reason: reason, at: time.nanosecondsSinceEpoch)
            }
        }
    }
}
