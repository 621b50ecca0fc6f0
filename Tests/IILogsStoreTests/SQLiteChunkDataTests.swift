import IILogsCore
import Testing
@testable import IILogsStore

/// Chunk bytes in whole pieces and a tail (ADR 016): every size comes back as it went in, and goes entirely.
@Suite struct SQLiteChunkDataTests {
    @Test func everySizeRoundTripsAndIsDeletedWhole() async throws {
        let folder = TemporaryStoreFolder()
        let store = try folder.open()
        let piece = SQLiteChunkData.pieceBytes
        let sizes = [0, 1, piece - 1, piece, piece + 1, 2 * piece, 25_000]
        let blobs = sizes.enumerated().map { i, size in (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) } }
        try await store.write { writer throws(StoreError) in
            for (i, blob) in blobs.enumerated() { try SQLiteChunkData.insert(writer.db, id: Int64(i + 1), data: blob) }
        }
        let (read, rows) = try await store.read { db throws(StoreError) in
            var read: [[UInt8]?] = []
            for id in 1...Int64(blobs.count) { read.append(try SQLiteChunkData.read(db, id: id)) }
            let select = try db.prepare("SELECT (SELECT count(*) FROM chunk_pieces), (SELECT count(*) FROM chunk_tails)")
            defer { select.finalize() }
            _ = try select.step()
            return (read, [select.int(0), select.int(1)])
        }
        #expect(read == blobs.map { Optional($0) })
        // whole pieces: 0 + 0 + 0 + 1 + 1 + 2 + 25,000 / 2,030; tails for every size that is not a whole number of
        // pieces, and the empty one
        #expect(piece == 2_030 && rows == [16, 5])
        try await store.write { writer throws(StoreError) in
            for id in 1...Int64(blobs.count) { try SQLiteChunkData.delete(writer.db, id: id) }
        }
        let left = try await store.read { db throws(StoreError) in
            var left: [[UInt8]] = []
            for id in 1...Int64(blobs.count) { if let data = try SQLiteChunkData.read(db, id: id) { left.append(data) } }
            return left
        }
        #expect(left.isEmpty)
        await store.close()
    }
}
