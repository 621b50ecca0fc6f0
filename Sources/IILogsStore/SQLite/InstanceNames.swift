/// instance key → (instance ID, image version), loaded on first use per query.
final class InstanceNames {
    private let db: SQLiteDatabase
    private var names: [Int64: (String, String)] = [:]

    init(db: SQLiteDatabase) throws(StoreError) {
        self.db = db
    }

    func lookup(_ key: Int64) throws(StoreError) -> (String, String) {
        if let found = names[key] { return found }
        let select = try db.cached("""
            SELECT instances.instance_id, images.version FROM instances
            JOIN images ON images.key = instances.image_key WHERE instances.key = ?
            """)
        select.bind(1, key)
        defer { select.reset() }
        let found = try select.step() ? (select.string(0), select.string(1)) : ("", "")
        names[key] = found
        return found
    }
}
