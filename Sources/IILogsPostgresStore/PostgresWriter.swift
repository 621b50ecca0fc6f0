import IILogsCore
import IILogsStore
import PostgresNIO
import Synchronization

/// One write transaction's statements on its leased connection.
///
/// Keys it learns are kept in `learned` and merged into the store's caches only after COMMIT
/// (``PostgresStore/write(_:_:)``), so the caches never mirror rolled-back rows.
final class PostgresWriter {
    let connection: PostgresConnection
    let logger: Logger
    private let cached: PostgresCaches
    var learned = PostgresCaches()

    init(connection: PostgresConnection, logger: Logger, cached: PostgresCaches) {
        self.connection = connection
        self.logger = logger
        self.cached = cached
    }

    /// The key of `version`, inserting it (first/last seen = `time`) when new; `touch` also moves last_seen.
    func imageKey(_ version: String, at time: Int64, touch: Bool) async throws -> Int64 {
        if !touch, let key = learned.imageKeys[version] ?? cached.imageKeys[version] { return key }
        guard let row = try await connection.firstRow("""
            INSERT INTO images(version, first_seen, last_seen) VALUES (\(version), \(time), \(time))
            ON CONFLICT(version) DO UPDATE SET first_seen = least(images.first_seen, excluded.first_seen),
                last_seen = greatest(images.last_seen, excluded.last_seen)
            RETURNING key
            """, logger) else { throw StoreError(.io, "image upsert for \(version) returned no key") }
        let key = try row.int64(0)
        learned.imageKeys[version] = key
        return key
    }

    /// The key of `identity`'s instance, inserting or updating image, boot and labels when they changed
    /// (or always when `touch`, which also moves last_seen to `time`).
    func instanceKey(_ identity: InstanceIdentity, at time: Int64, touch: Bool) async throws -> Int64 {
        let imageKey = try await imageKey(identity.imageVersion, at: time, touch: touch)
        if !touch, let known = learned.instances[identity.instanceID] ?? cached.instances[identity.instanceID], known.imageKey == imageKey,
           identity.bootID.isEmpty || known.bootID == identity.bootID,
           identity.labels.isEmpty || known.labels == identity.labels {
            return known.key
        }
        let labels = StoreJSON.labelsJSON(identity.labels)
        guard let row = try await connection.firstRow("""
            INSERT INTO instances(instance_id, image_key, boot_id, labels, first_seen, last_seen)
            VALUES (\(identity.instanceID), \(imageKey), \(identity.bootID), \(labels), \(time), \(time))
            ON CONFLICT(instance_id) DO UPDATE SET
                image_key = excluded.image_key,
                first_seen = least(instances.first_seen, excluded.first_seen),
                boot_id = CASE WHEN excluded.boot_id <> '' THEN excluded.boot_id ELSE instances.boot_id END,
                labels = CASE WHEN excluded.labels <> '{}' THEN excluded.labels ELSE instances.labels END,
                last_seen = greatest(instances.last_seen, excluded.last_seen)
            RETURNING key, boot_id, labels
            """, logger) else { throw StoreError(.io, "instance upsert for \(identity.instanceID) returned no key") }
        let key = try row.int64(0)
        learned.instances[identity.instanceID] = .init(key: key, imageKey: imageKey, bootID: try row.string(1),
                                                       labels: StoreJSON.labels(fromJSON: try row.string(2)))
        return key
    }

    /// The key of an instance the registry already has; `.invalidQuery` when it has none.
    func existingInstanceKey(_ instanceID: String) async throws -> Int64 {
        guard let row = try await connection.firstRow("SELECT key FROM instances WHERE instance_id = \(instanceID)", logger) else {
            throw StoreError(.invalidQuery, "no instance \(instanceID) in the store")
        }
        return try row.int64(0)
    }
}

extension PostgresStore {
    /// Runs `body` in one write transaction; the keys it learned join the caches after COMMIT.
    func write<T: Sendable>(_ what: String, _ body: (PostgresWriter) async throws -> T) async throws(StoreError) -> T {
        let cached = caches.withLock { $0 }
        let logger = self.logger
        let (result, learned) = try await transaction(what) { connection in
            let writer = PostgresWriter(connection: connection, logger: logger, cached: cached)
            let result = try await body(writer)
            return (result, writer.learned)
        }
        caches.withLock { caches in
            caches.imageKeys.merge(learned.imageKeys) { _, new in new }
            caches.instances.merge(learned.instances) { _, new in new }
        }
        return result
    }
}
