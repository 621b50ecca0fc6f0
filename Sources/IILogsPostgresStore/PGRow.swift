import IILogsStore
import PostgresNIO

/// Column access by index with errors that become ``StoreError``s (a wrong type means a schema mismatch).
struct PGRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    func int64(_ index: Int) throws -> Int64 { try row[index].decode(Int64.self) }
    func int(_ index: Int) throws -> Int { Int(try row[index].decode(Int64.self)) }
    func optionalInt64(_ index: Int) throws -> Int64? { try row[index].decode(Int64?.self) }
    func string(_ index: Int) throws -> String { try row[index].decode(String.self) }
    func optionalString(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
    func double(_ index: Int) throws -> Double { try row[index].decode(Double.self) }

    /// A `bytea` column as bytes.
    func bytes(_ index: Int) throws -> [UInt8] {
        var buffer = try row[index].decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

extension PostgresConnection {
    /// Every row of `query`.
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PGRow] {
        try await self.query(query, logger: logger).collect().map(PGRow.init)
    }

    /// The first row of `query`, nil when none.
    func firstRow(_ query: PostgresQuery, _ logger: Logger) async throws -> PGRow? {
        try await rows(query, logger).first
    }

    /// Runs a statement whose rows (if any) are not needed.
    func run(_ query: PostgresQuery, _ logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

extension ByteBuffer {
    init(bytes: [UInt8]) {
        self.init()
        self.writeBytes(bytes)
    }
}
