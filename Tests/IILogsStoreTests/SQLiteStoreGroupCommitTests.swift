import FoundationEssentials
import IILogsCore
@testable import IILogsStore
import Testing

@Suite("SQLiteStore group commit")
struct SQLiteStoreGroupCommitTests {
    @Test func oneGroupKeepsPerBatchOutcomes() throws {
        let folder = TemporaryStoreFolder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: folder.path + "/" + SQLiteStore.fileName, readOnly: false)
        try SQLiteSchema.migrate(db, now: 0)
        let writer = SQLiteWriter(db: db)
        let first = batch(identity("i-a"), sequence: 1, records: lines([(1, "one")]))
        let second = batch(identity("i-a"), sequence: 2, records: lines([(2, "two")]))
        // Given a duplicate inside the group, each batch still gets its own outcome
        let outcomes = writer.append(group: [first, first, second]).map { try? $0.get() }
        #expect(outcomes == [.stored, .duplicate, .stored])
        // And a closed connection fails every batch of the group
        db.close()
        let failed = writer.append(group: [second, first])
        #expect(failed.allSatisfy { (try? $0.get()) == nil })
    }
}
