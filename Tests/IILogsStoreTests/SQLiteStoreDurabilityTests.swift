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

    @Test func readOnlyOnAMissingFolderFailsClearly() {
        let folder = TemporaryStoreFolder()
        #expect(throws: StoreError.self) { try folder.open(readOnly: true) }
    }
}
