import IILogsCore
import IILogsStore
import PostgresNIO
import Synchronization

/// Day partitions of `chunks` (by `max_time`): `chunks_d<day>` holds max_time in [day × 86 400 s, (day + 1) × 86 400 s),
/// `day` counted from the epoch (`chunks_dm<n>` for days before it).
///
/// A partition is created in its own short transaction before the first chunk of its day is written, under the
/// transaction advisory lock ``lockKey`` so collectors creating the same day do not collide.
enum PostgresPartitions {
    static let dayNanoseconds: Int64 = 86_400 * 1_000_000_000
    /// `pg_advisory_xact_lock` key of partition creation and dropping.
    static let lockKey: Int64 = PostgresSchema.advisoryLockKey + 1

    static func day(of time: Int64) -> Int64 {
        time >= 0 ? time / dayNanoseconds : -((-(time + 1)) / dayNanoseconds) - 1
    }

    static func name(day: Int64) -> String {
        day >= 0 ? "chunks_d\(day)" : "chunks_dm\(-day)"
    }

    /// The day a partition name stands for; nil for other tables.
    static func day(ofPartition name: String) -> Int64? {
        if name.hasPrefix("chunks_dm") { return Int64(name.dropFirst("chunks_dm".count)).map { -$0 } }
        if name.hasPrefix("chunks_d") { return Int64(name.dropFirst("chunks_d".count)) }
        return nil
    }

    /// `FROM (…) TO (…)` of a day; MINVALUE/MAXVALUE where the bound does not fit in bigint.
    static func bounds(day: Int64) -> (from: String, to: String) {
        let from = day.multipliedReportingOverflow(by: dayNanoseconds)
        let to = (day + 1).multipliedReportingOverflow(by: dayNanoseconds)
        return (from.overflow ? "MINVALUE" : String(from.partialValue), to.overflow ? "MAXVALUE" : String(to.partialValue))
    }
}

extension PostgresStore {
    /// Creates the partition of the day of `maxTime` unless this store knows it exists.
    func ensurePartition(forMaxTime maxTime: Int64) async throws(StoreError) {
        let day = PostgresPartitions.day(of: maxTime)
        guard !caches.withLock({ $0.partitionDays.contains(day) }) else { return }
        let name = PostgresPartitions.name(day: day)
        let (from, to) = PostgresPartitions.bounds(day: day)
        let logger = self.logger
        try await transaction("creating partition \(name)") { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresPartitions.lockKey))", logger)
            try await connection.run(PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(name) PARTITION OF chunks FOR VALUES FROM (\(from)) TO (\(to))"), logger)
        }
        _ = caches.withLock { $0.partitionDays.insert(day) }
    }
}
