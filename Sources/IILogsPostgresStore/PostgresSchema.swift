internal import Foundation
import IILogsStore
import PostgresNIO

/// Named, forward-only migrations run when a collector opens the store (recorded in `schema_migrations`).
///
/// Several collectors may start at once: each takes the session advisory lock ``advisoryLockKey`` first, so one
/// migrates and the others then find every migration recorded. Times are bigint nanoseconds since the epoch;
/// stream IDs and sequences are UInt64 stored by bit pattern, as in the SQLite store.
///
/// `chunks` is partitioned by range of `max_time`, one partition per UTC day (PostgresPartitions.swift), created
/// when the first chunk of a day arrives. Its `data` column holds the compressed block; PostgreSQL moves large values
/// out of line (TOAST), so index scans do not read them. `xid` is the writing transaction's id: the live tail's
/// commit order.
enum PostgresSchema {
    struct Migration {
        var name: String
        var sql: String

        /// The statements of `sql` (each ends with `;` at the end of a line).
        var statements: [String] {
            sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
        }
    }

    /// `pg_advisory_lock` key of migrations ("iilogs" in ASCII).
    static let advisoryLockKey: Int64 = 0x69696C6F6773

    static let migrations: [Migration] = [
        Migration(name: "001-registry-chunks-events-metrics-flags", sql: """
            CREATE TABLE images(
                key bigserial PRIMARY KEY, version text NOT NULL UNIQUE,
                first_seen bigint NOT NULL, last_seen bigint NOT NULL);
            CREATE TABLE instances(
                key bigserial PRIMARY KEY, instance_id text NOT NULL UNIQUE, image_key bigint NOT NULL,
                boot_id text NOT NULL DEFAULT '', labels text NOT NULL DEFAULT '{}',
                first_seen bigint NOT NULL, last_seen bigint NOT NULL, last_log_time bigint,
                last_event text, last_event_time bigint, last_boot_at bigint,
                terminating_at bigint, terminated_at bigint, closed_at bigint, quarantined_at bigint, released_at bigint,
                lines bigint NOT NULL DEFAULT 0, batches bigint NOT NULL DEFAULT 0,
                duplicate_batches bigint NOT NULL DEFAULT 0, agent_dropped bigint NOT NULL DEFAULT 0);
            CREATE INDEX instances_by_image ON instances(image_key);
            CREATE TABLE streams(
                instance_key bigint NOT NULL, stream_id bigint NOT NULL,
                max_sequence bigint NOT NULL DEFAULT 0, batches bigint NOT NULL DEFAULT 0,
                PRIMARY KEY(instance_key, stream_id));
            CREATE TABLE batch_keys(
                instance_key bigint NOT NULL, stream_id bigint NOT NULL, sequence bigint NOT NULL,
                PRIMARY KEY(instance_key, stream_id, sequence));
            CREATE SEQUENCE chunk_ids;
            CREATE TABLE chunks(
                id bigint NOT NULL DEFAULT nextval('chunk_ids'),
                xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
                instance_key bigint NOT NULL, image_key bigint NOT NULL,
                min_time bigint NOT NULL, max_time bigint NOT NULL, line_count bigint NOT NULL,
                severity_mask bigint NOT NULL, severity_counts bytea NOT NULL,
                format bigint NOT NULL, uncompressed_bytes bigint NOT NULL, checksum bigint NOT NULL,
                filter bytea NOT NULL, data bytea NOT NULL,
                PRIMARY KEY(id, max_time)) PARTITION BY RANGE (max_time);
            CREATE INDEX chunks_by_instance ON chunks(instance_key, max_time);
            CREATE INDEX chunks_by_image ON chunks(image_key, max_time);
            CREATE INDEX chunks_by_xid ON chunks(xid);
            CREATE TABLE events(
                id bigserial PRIMARY KEY, instance_key bigint NOT NULL, time bigint NOT NULL, name text NOT NULL,
                boot_id text NOT NULL, detail text NOT NULL, fields text NOT NULL, received_at bigint NOT NULL,
                source text NOT NULL DEFAULT 'agent', event_id text);
            CREATE INDEX events_by_instance ON events(instance_key, time);
            CREATE UNIQUE INDEX events_by_event_id ON events(instance_key, event_id) WHERE event_id IS NOT NULL;
            CREATE TABLE metric_series(
                key bigserial PRIMARY KEY, instance_key bigint NOT NULL, image_key bigint NOT NULL,
                name text NOT NULL, labels text NOT NULL, unit text NOT NULL,
                UNIQUE(instance_key, name, labels));
            CREATE INDEX metric_series_by_image ON metric_series(image_key, name);
            CREATE TABLE metric_chunks(
                id bigserial PRIMARY KEY, series_key bigint NOT NULL,
                min_time bigint NOT NULL, max_time bigint NOT NULL, count bigint NOT NULL,
                min double precision, max double precision, sum double precision, data bytea NOT NULL);
            CREATE INDEX metric_chunks_by_series ON metric_chunks(series_key, max_time);
            CREATE INDEX metric_chunks_by_time ON metric_chunks(max_time);
            CREATE TABLE flags(
                id bigserial PRIMARY KEY, instance_key bigint NOT NULL, rule text NOT NULL, kind text NOT NULL,
                action text NOT NULL, key text NOT NULL DEFAULT '', time bigint NOT NULL, reason text NOT NULL,
                evidence text NOT NULL DEFAULT '[]', released_at bigint, release_reason text,
                action_results text NOT NULL DEFAULT '[]');
            CREATE INDEX flags_by_instance ON flags(instance_key, time);
            """),
        // The collector that received an instance's newest batch (docs/SCALING.md "Semantics on takeover").
        Migration(name: "002-received-by", sql: """
            ALTER TABLE instances ADD COLUMN received_by text NOT NULL DEFAULT '';
            """),
        // One template dictionary per image, built by compaction (docs/adr/016-template-dictionaries.md): `data` is the
        // dictionary deflated; ids come from a sequence and are never reused. `chunks_to_recode` holds the chunks not
        // stored against one yet, so a compaction pass does not read every chunk of the database.
        Migration(name: "003-template-dictionaries", sql: """
            CREATE TABLE template_dictionaries(
                id bigserial PRIMARY KEY, image_key bigint NOT NULL UNIQUE, data bytea NOT NULL, checksum bigint NOT NULL,
                created_at bigint NOT NULL);
            CREATE INDEX chunks_to_recode ON chunks(id) WHERE format < 6;
            """),
    ]

    /// Applies every migration not yet recorded, each in its own transaction, holding the advisory lock; then fails
    /// when the database has migrations this build does not know (written by a newer version).
    static func migrate(_ store: PostgresStore) async throws(StoreError) {
        let logger = store.logger
        try await store.withConnection("migrating") { connection in
            try await connection.run("SELECT pg_advisory_lock(\(advisoryLockKey))", logger)
            do {
                try await migrateLocked(connection, logger: logger)
                try await connection.run("SELECT pg_advisory_unlock(\(advisoryLockKey))", logger)
            } catch {
                try? await connection.run("SELECT pg_advisory_unlock(\(advisoryLockKey))", logger)
                throw error
            }
        }
    }

    private static func migrateLocked(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("CREATE TABLE IF NOT EXISTS schema_migrations(name text PRIMARY KEY, applied_at bigint NOT NULL)", logger)
        let applied = Set(try await connection.rows("SELECT name FROM schema_migrations", logger).map { try $0.string(0) })
        for migration in migrations where !applied.contains(migration.name) {
            do {
                try await connection.run("BEGIN", logger)
                // One statement per round trip: the extended protocol takes a single statement.
                for statement in migration.statements { try await connection.run(PostgresQuery(unsafeSQL: statement), logger) }
                let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
                try await connection.run("INSERT INTO schema_migrations(name, applied_at) VALUES (\(migration.name), \(now))", logger)
                try await connection.run("COMMIT", logger)
                logger.info("applied PostgreSQL migration", metadata: ["migration": "\(migration.name)"])
            } catch {
                try? await connection.run("ROLLBACK", logger)
                let detail = (error as? PSQLError)?.serverInfo?[.message] ?? "\(error)"
                throw StoreError(.migration, "migration \(migration.name) failed: \(detail)",
                                 underlying: PostgresStore.Unchecked(String(reflecting: error)))
            }
        }
        let known = Set(migrations.map(\.name))
        for name in applied where !known.contains(name) {
            throw StoreError(.migration, "database has migration \(name), unknown to this version; upgrade iilogs")
        }
    }
}
