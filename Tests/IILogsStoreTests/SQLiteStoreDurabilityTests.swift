import FoundationEssentials
import IILogsCore
@testable import IILogsStore
import Testing

@Suite("SQLiteStore durability")
struct SQLiteStoreDurabilityTests {
    @Test func reopenedAndReadOnlyStoresSeeEverything() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        _ = try await store.openStream(identity: identity("i-a"), streamID: 7, at: T.s(0))
        _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "kept")]),
                                         events: [LifecycleEvent(time: T.s(1), name: .boot)]))
        await store.close()

        // When reopened for writing, the data and the stream position are there and dedupe still holds.
        let reopened = try folder.open()
        #expect(try await reopened.queryLogs(everything()).lines.map(\.record.message) == ["kept"])
        #expect(try await reopened.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "kept")]))) == .duplicate)
        #expect(try await reopened.openStream(identity: identity("i-a"), streamID: 7, at: T.s(2)) == 1)
        await reopened.close()

        // And a read-only store on the same folder reads it and refuses writes.
        let readOnly = try folder.open(readOnly: true)
        #expect(try await readOnly.queryLogs(everything()).lines.map(\.record.message) == ["kept"])
        #expect(try await readOnly.events(instanceID: "i-a").map(\.event.name) == [.boot])
        #expect(try await readOnly.instances(InstanceFilter(now: T.s(2), lostAfter: .seconds(60))).count == 1)
        await #expect(throws: StoreError.self) { try await readOnly.append(batch(identity("i-a"), sequence: 2)) }
        await readOnly.close()
    }

    @Test func readOnlyStoreReadsWhileTheWriterIsOpen() async throws {
        let folder = TemporaryStoreFolder()
        let writer = try folder.open()
        _ = try await writer.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "first")])))
        let reader = try folder.open(readOnly: true)
        _ = try await writer.append(batch(identity("i-a"), sequence: 2, records: lines([(2, "second")])))
        #expect(try await reader.queryLogs(everything()).lines.map(\.record.message) == ["first", "second"])
        await reader.close()
        await writer.close()
    }

    /// The page size is in bytes 16–17 of the file's header, big-endian.
    static func pageSize(ofFileIn folder: String) throws -> Int {
        let header = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + SQLiteStore.fileName)).prefix(18)
        return Int(header[16]) << 8 | Int(header[17])
    }

    @Test func aNewStoreUsesTheNamedPageSizeAndAnOldOneKeepsItsOwn() async throws {
        let fresh = TemporaryStoreFolder()
        let store = try fresh.open()
        _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "kept")])))
        await store.close()
        #expect(try Self.pageSize(ofFileIn: fresh.path) == SQLiteStore.pageSize)

        // A file made with SQLite's default 4 KiB pages (as every store before the eleventh session) opens,
        // migrates and stores as before; its pages stay 4 KiB.
        let old = TemporaryStoreFolder()
        try FileManager.default.createDirectory(atPath: old.path, withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: old.path + "/" + SQLiteStore.fileName, readOnly: false)
        try db.execute("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE made_before(x);")
        let reopened = try old.open()
        _ = try await reopened.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "kept")])))
        #expect(try await reopened.queryLogs(everything()).lines.map(\.record.message) == ["kept"])
        await reopened.close()
        #expect(try Self.pageSize(ofFileIn: old.path) == 4096)
    }

    @Test func aStoreWithOneDedupeKeyPerBatchIsMigratedToRunsAndDedupesAsBefore() async throws {
        // Given a store as the twelfth session left it (migrations up to 005, `batch_keys` one row per batch)
        let folder = TemporaryStoreFolder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: folder.path + "/" + SQLiteStore.fileName, readOnly: false)
        try db.execute("PRAGMA journal_mode = WAL; CREATE TABLE schema_migrations(name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)")
        for migration in SQLiteSchema.migrations.prefix(while: { $0.name != "006-batch-ranges" }) {
            try db.execute(migration.sql)
            try db.execute("INSERT INTO schema_migrations VALUES ('\(migration.name)', 0)")
        }
        try db.execute("""
            INSERT INTO images(key, version, first_seen, last_seen) VALUES (1, 'v1', 0, 0);
            INSERT INTO instances(key, instance_id, image_key, first_seen, last_seen) VALUES (1, 'i-a', 1, 0, 0);
            INSERT INTO streams(instance_key, stream_id, max_sequence, batches) VALUES (1, 7, 9, 6), (1, 8, 2, 1);
            INSERT INTO batch_keys VALUES (1, 7, 1), (1, 7, 2), (1, 7, 3), (1, 7, 5), (1, 7, 8), (1, 7, 9), (1, 8, 2);
            """)
        db.close()

        // When it is opened, the keys become runs: the gaps and the duplicates are those of before
        let store = try folder.open()
        #expect(try await store.sequenceGaps(instanceID: "i-a", limit: 10) == [
            SequenceGap(streamID: 7, firstMissing: 4, lastMissing: 4), SequenceGap(streamID: 7, firstMissing: 6, lastMissing: 7),
            SequenceGap(streamID: 8, firstMissing: 1, lastMissing: 1),
        ])
        for sequence: UInt64 in [1, 3, 5, 9] {
            #expect(try await store.append(batch(identity("i-a"), sequence: sequence, records: lines([(1, "again")]))) == .duplicate)
        }
        #expect(try await store.append(batch(identity("i-a"), sequence: 4, records: lines([(1, "four")]))) == .stored)
        let runs = try await store.read { db throws(StoreError) in
            let select = try db.prepare("SELECT stream_id, first, last FROM batch_ranges ORDER BY stream_id, first")
            defer { select.finalize() }
            var runs: [[Int64]] = []
            while try select.step() { runs.append([select.int64(0), select.int64(1), select.int64(2)]) }
            return runs
        }
        #expect(runs == [[7, 1, 5], [7, 8, 9], [8, 2, 2]])
        await store.close()
    }

    /// A store from before migration 008 (no piece tables; chunks whole in `chunk_data`, as ingest still stores them)
    /// is read after the upgrade; a read-only opener of it is told to upgrade it rather than failing on a missing table.
    @Test func aStoreWithWholeChunkBlobsIsReadAfterUpgradeAndRefusedReadOnlyBefore() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "stored whole"), (2, "before pieces")])))
        await store.close()
        // Turn it into a store as migration 007 left it
        let db = try SQLiteDatabase(path: folder.path + "/" + SQLiteStore.fileName, readOnly: false)
        try db.execute("DROP TABLE chunk_pieces; DROP TABLE chunk_tails; DELETE FROM schema_migrations WHERE name = '008-chunk-pieces'")
        db.close()

        #expect { try folder.open(readOnly: true) } throws: { error in
            (error as? StoreError)?.message.contains("lacks migration 008-chunk-pieces") == true
        }
        let upgraded = try folder.open()
        _ = try await upgraded.append(batch(identity("i-a"), sequence: 2, records: lines([(3, "after the upgrade")])))
        #expect(try await upgraded.queryLogs(everything()).lines.map(\.record.message) == ["stored whole", "before pieces", "after the upgrade"])
        let outcome = try await upgraded.applyRetention(RetentionPolicy(cutoff: T.s(2.5), now: T.s(10), lostAfter: .seconds(60)))
        #expect(outcome.logChunksDeleted == 1)
        #expect(try await upgraded.queryLogs(everything()).lines.map(\.record.message) == ["after the upgrade"])
        let leftWhole = try await upgraded.read { db throws(StoreError) in
            let select = try db.prepare("SELECT id FROM chunk_data")
            defer { select.finalize() }
            var ids: [Int64] = []
            while try select.step() { ids.append(select.int64(0)) }
            return ids
        }
        #expect(leftWhole == [2])
        await upgraded.close()
    }

    @Test func readOnlyOnAMissingFolderFailsClearly() {
        let folder = TemporaryStoreFolder()
        #expect(throws: StoreError.self) { try folder.open(readOnly: true) }
    }
}
