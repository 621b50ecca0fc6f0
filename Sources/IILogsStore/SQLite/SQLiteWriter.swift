internal import FoundationEssentials
import IILogsCore

/// The store's single write connection and its in-memory key caches.
///
/// Confined to ``SQLiteStore``'s serial write queue: never touched from two threads at once, so it needs
/// no locks. Caches mirror committed rows only: they are cleared whenever a transaction rolls back.
final class SQLiteWriter {
    let db: SQLiteDatabase
    /// Image version → images.key.
    var imageKeys: [String: Int64] = [:]
    /// Instance ID → what the `instances` row holds for the identity, so unchanged identities skip the upsert.
    var instances: [String: CachedInstance] = [:]
    /// Group transactions run by ``commit(group:)`` (committed or not): with the writes they carried, how well
    /// group commit shares fsyncs.
    var groupTransactions = 0

    struct CachedInstance {
        var key: Int64
        var imageKey: Int64
        var bootID: String
        var labels: [String: String]
    }

    init(db: SQLiteDatabase) {
        self.db = db
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; rolls back (and drops the caches) on error.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try db.execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try db.execute("COMMIT")
            return result
        } catch {
            try? db.execute("ROLLBACK")
            imageKeys.removeAll()
            instances.removeAll()
            throw error
        }
    }

    /// The key of `version`, inserting it (first/last seen = `time`) when new; `touch` also moves last_seen.
    func imageKey(_ version: String, at time: Int64, touch: Bool) throws(StoreError) -> Int64 {
        if !touch, let key = imageKeys[version] { return key }
        let upsert = try db.cached("""
            INSERT INTO images(version, first_seen, last_seen) VALUES (?1, ?2, ?2)
            ON CONFLICT(version) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)
            RETURNING key
            """)
        upsert.bind(1, version)
        upsert.bind(2, time)
        guard try upsert.step() else { throw StoreError(.io, "image upsert for \(version) returned no key") }
        let key = upsert.int64(0)
        upsert.reset()
        imageKeys[version] = key
        return key
    }

    /// The key of `identity`'s instance, inserting or updating image, boot and labels when they changed
    /// (or always when `touch`, which also moves last_seen to `time`).
    func instanceKey(_ identity: InstanceIdentity, at time: Int64, touch: Bool) throws(StoreError) -> Int64 {
        let imageKey = try imageKey(identity.imageVersion, at: time, touch: touch)
        if !touch, let cached = instances[identity.instanceID], cached.imageKey == imageKey,
           identity.bootID.isEmpty || cached.bootID == identity.bootID,
           identity.labels.isEmpty || cached.labels == identity.labels {
            return cached.key
        }
        let upsert = try db.cached("""
            INSERT INTO instances(instance_id, image_key, boot_id, labels, first_seen, last_seen)
            VALUES (?1, ?2, ?3, ?4, ?5, ?5)
            ON CONFLICT(instance_id) DO UPDATE SET
                image_key = excluded.image_key,
                first_seen = min(first_seen, excluded.first_seen),
                boot_id = CASE WHEN excluded.boot_id <> '' THEN excluded.boot_id ELSE boot_id END,
                labels = CASE WHEN excluded.labels <> '{}' THEN excluded.labels ELSE labels END,
                last_seen = max(last_seen, excluded.last_seen)
            RETURNING key, boot_id, labels
            """)
        upsert.bind(1, identity.instanceID)
        upsert.bind(2, imageKey)
        upsert.bind(3, identity.bootID)
        upsert.bind(4, Self.labelsJSON(identity.labels))
        upsert.bind(5, time)
        guard try upsert.step() else { throw StoreError(.io, "instance upsert for \(identity.instanceID) returned no key") }
        let key = upsert.int64(0)
        let cached = CachedInstance(key: key, imageKey: imageKey, bootID: upsert.string(1),
                                    labels: Self.labels(fromJSON: upsert.string(2)))
        upsert.reset()
        instances[identity.instanceID] = cached
        return key
    }

    static func labelsJSON(_ labels: [String: String]) -> String { StoreJSON.labelsJSON(labels) }

    static func labels(fromJSON json: String) -> [String: String] { StoreJSON.labels(fromJSON: json) }

    /// `[[name, value], …]`: keeps order and repeated names.
    static func fieldsJSON(_ fields: [LogField]) -> String { StoreJSON.fieldsJSON(fields) }

    static func fields(fromJSON json: String) -> [LogField] { StoreJSON.fields(fromJSON: json) }
}
