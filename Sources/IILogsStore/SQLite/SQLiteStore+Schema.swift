/// Named, forward-only migrations run by the writer when the store opens (recorded in `schema_migrations`).
///
/// Times are INTEGER nanoseconds since the epoch. Stream IDs and sequences are UInt64 stored by bit pattern.
/// Chunk index rows (`chunks`) are kept apart from their bytes (`chunk_data`) so index scans never touch
/// data pages.
enum SQLiteSchema {
    struct Migration {
        var name: String
        var sql: String
    }

    static let migrations: [Migration] = [
        Migration(name: "001-registry-chunks-events-metrics", sql: """
            CREATE TABLE images(
                key INTEGER PRIMARY KEY, version TEXT NOT NULL UNIQUE,
                first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
            CREATE TABLE instances(
                key INTEGER PRIMARY KEY, instance_id TEXT NOT NULL UNIQUE, image_key INTEGER NOT NULL,
                boot_id TEXT NOT NULL DEFAULT '', labels TEXT NOT NULL DEFAULT '{}',
                first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, last_log_time INTEGER,
                last_event TEXT, last_event_time INTEGER, last_boot_at INTEGER,
                terminating_at INTEGER, terminated_at INTEGER,
                lines INTEGER NOT NULL DEFAULT 0, batches INTEGER NOT NULL DEFAULT 0,
                duplicate_batches INTEGER NOT NULL DEFAULT 0, agent_dropped INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX instances_by_image ON instances(image_key);
            CREATE TABLE streams(
                instance_key INTEGER NOT NULL, stream_id INTEGER NOT NULL,
                max_sequence INTEGER NOT NULL DEFAULT 0, batches INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY(instance_key, stream_id)) WITHOUT ROWID;
            CREATE TABLE batch_keys(
                instance_key INTEGER NOT NULL, stream_id INTEGER NOT NULL, sequence INTEGER NOT NULL,
                PRIMARY KEY(instance_key, stream_id, sequence)) WITHOUT ROWID;
            CREATE TABLE chunks(
                id INTEGER PRIMARY KEY, instance_key INTEGER NOT NULL, image_key INTEGER NOT NULL,
                min_time INTEGER NOT NULL, max_time INTEGER NOT NULL, line_count INTEGER NOT NULL,
                severity_mask INTEGER NOT NULL, severity_counts BLOB NOT NULL,
                format INTEGER NOT NULL, uncompressed_bytes INTEGER NOT NULL, checksum INTEGER NOT NULL,
                filter BLOB NOT NULL);
            CREATE INDEX chunks_by_instance ON chunks(instance_key, max_time);
            CREATE INDEX chunks_by_image ON chunks(image_key, max_time);
            CREATE TABLE chunk_data(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE events(
                instance_key INTEGER NOT NULL, time INTEGER NOT NULL, name TEXT NOT NULL,
                boot_id TEXT NOT NULL, detail TEXT NOT NULL, fields TEXT NOT NULL, received_at INTEGER NOT NULL);
            CREATE INDEX events_by_instance ON events(instance_key, time);
            CREATE TABLE metrics(
                instance_key INTEGER NOT NULL, time INTEGER NOT NULL, name TEXT NOT NULL,
                value REAL NOT NULL, unit TEXT NOT NULL, labels TEXT NOT NULL);
            CREATE INDEX metrics_by_instance ON metrics(instance_key, name, time);
            """),
        // Metrics as compact per-series chunks (docs/adr/004-metric-chunks.md); 001's `metrics` table is no longer written.
        Migration(name: "002-metric-chunks", sql: """
            CREATE TABLE metric_series(
                key INTEGER PRIMARY KEY, instance_key INTEGER NOT NULL, image_key INTEGER NOT NULL,
                name TEXT NOT NULL, labels TEXT NOT NULL, unit TEXT NOT NULL,
                UNIQUE(instance_key, name, labels));
            CREATE INDEX metric_series_by_image ON metric_series(image_key, name);
            CREATE TABLE metric_chunks(
                id INTEGER PRIMARY KEY, series_key INTEGER NOT NULL,
                min_time INTEGER NOT NULL, max_time INTEGER NOT NULL, count INTEGER NOT NULL,
                min REAL, max REAL, sum REAL, data BLOB NOT NULL);
            CREATE INDEX metric_chunks_by_series ON metric_chunks(series_key, max_time);
            """),
        // Deployer events (`POST /v1/events`): who recorded an event, its idempotency key (unique per
        // instance), and the instance marks they set (closed = a deployer's `terminated`).
        Migration(name: "003-deployer-events", sql: """
            ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'agent';
            ALTER TABLE events ADD COLUMN event_id TEXT;
            CREATE UNIQUE INDEX events_by_event_id ON events(instance_key, event_id) WHERE event_id IS NOT NULL;
            ALTER TABLE instances ADD COLUMN closed_at INTEGER;
            ALTER TABLE instances ADD COLUMN quarantined_at INTEGER;
            ALTER TABLE instances ADD COLUMN released_at INTEGER;
            """),
        // Rule flags (docs/RULES.md "In the collector"): evidence and command-action results as JSON arrays.
        Migration(name: "004-flags", sql: """
            CREATE TABLE flags(
                id INTEGER PRIMARY KEY, instance_key INTEGER NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL,
                action TEXT NOT NULL, key TEXT NOT NULL DEFAULT '', time INTEGER NOT NULL, reason TEXT NOT NULL,
                evidence TEXT NOT NULL DEFAULT '[]', released_at INTEGER, release_reason TEXT,
                action_results TEXT NOT NULL DEFAULT '[]');
            CREATE INDEX flags_by_instance ON flags(instance_key, time);
            CREATE INDEX flags_open ON flags(released_at, time);
            """),
        // The collector that received an instance's newest batch (docs/SCALING.md "Semantics on takeover").
        Migration(name: "005-received-by", sql: """
            ALTER TABLE instances ADD COLUMN received_by TEXT NOT NULL DEFAULT '';
            """),
        // Dedupe keys as runs of consecutive sequences (ADR 015): one row per batch cost ~13 B per batch, more than
        // the lines of a quiet instance's one-line batches once their chunks are merged.
        Migration(name: "006-batch-ranges", sql: """
            CREATE TABLE batch_ranges(
                instance_key INTEGER NOT NULL, stream_id INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
                PRIMARY KEY(instance_key, stream_id, first)) WITHOUT ROWID;
            INSERT INTO batch_ranges(instance_key, stream_id, first, last)
                SELECT instance_key, stream_id, min(sequence), max(sequence) FROM (
                    SELECT instance_key, stream_id, sequence,
                           sequence - row_number() OVER (PARTITION BY instance_key, stream_id ORDER BY sequence) AS run
                    FROM batch_keys)
                GROUP BY instance_key, stream_id, run;
            DROP TABLE batch_keys;
            """),
        // One template dictionary per image (ADR 016): its chunks name the templates instead of repeating them.
        // AUTOINCREMENT: an id is never reused, so a reader's cached dictionary can never be another one.
        Migration(name: "007-template-dictionaries", sql: """
            CREATE TABLE template_dictionaries(
                id INTEGER PRIMARY KEY AUTOINCREMENT, image_key INTEGER NOT NULL UNIQUE,
                data BLOB NOT NULL, checksum INTEGER NOT NULL, created_at INTEGER NOT NULL);
            """),
        // Chunk bytes in pieces that fill table leaves, the last part of each in a table of its own (SQLiteChunkData,
        // ADR 016). Chunks already stored stay in `chunk_data` until retention or compaction rewrites them: no copy of
        // a large store at upgrade.
        Migration(name: "008-chunk-pieces", sql: """
            CREATE TABLE chunk_pieces(key INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE chunk_tails(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            """),
        // The chunks not stored against a template dictionary yet (format < 6, ADR 016): a compaction pass looks only
        // at these, not at every chunk of the store (most are version 6 once their image has a dictionary).
        Migration(name: "009-chunks-to-recode", sql: """
            CREATE INDEX chunks_to_recode ON chunks(id) WHERE format < 6;
            """),
    ]

    /// Creates `schema_migrations` and applies every migration not yet recorded, each in its own transaction.
    static func migrate(_ db: SQLiteDatabase, now: Int64) throws(StoreError) {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations(name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)")
        let applied = try appliedMigrations(db)
        for migration in migrations where !applied.contains(migration.name) {
            do {
                try db.execute("BEGIN IMMEDIATE")
                try db.execute(migration.sql)
                let record = try db.prepare("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)")
                record.bind(1, migration.name)
                record.bind(2, now)
                try record.step()
                record.finalize()
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw StoreError(.migration, "migration \(migration.name) failed: \(error.message)", underlying: error)
            }
        }
    }

    /// The names of the migrations the database has recorded.
    static func appliedMigrations(_ db: SQLiteDatabase) throws(StoreError) -> Set<String> {
        let select = try db.prepare("SELECT name FROM schema_migrations")
        defer { select.finalize() }
        var applied: Set<String> = []
        while try select.step() { applied.insert(select.string(0)) }
        return applied
    }

    /// Fails when the database lacks a migration this build has (written by an older version, opened read-only: the
    /// reader would miss tables such as `chunk_pieces`). `applied`: ``appliedMigrations(_:)``.
    static func checkCurrent(applied: Set<String>, path: String) throws(StoreError) {
        if let missing = migrations.first(where: { !applied.contains($0.name) }) {
            throw StoreError(.migration, "the store at \(path) was written by an older iilogs (it lacks migration \(missing.name)); "
                             + "start this version's collector on it once to upgrade it, or read it with the version that wrote it")
        }
    }

    /// Fails when the database has migrations this build does not know (written by a newer version). `applied`:
    /// ``appliedMigrations(_:)``.
    static func checkKnown(applied: Set<String>) throws(StoreError) {
        let known = Set(migrations.map(\.name))
        if let name = applied.sorted().first(where: { !known.contains($0) }) {
            throw StoreError(.migration, "database has migration \(name), unknown to this version; upgrade iilogs")
        }
    }
}
