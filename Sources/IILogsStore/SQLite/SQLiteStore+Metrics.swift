public import IILogsCore

extension SQLiteStore {
    /// Most samples one stored metric chunk holds: an hour of a 10 s sampler. Larger chunks compress a little
    /// better but cost more to re-encode when a batch is merged into the newest one.
    public static let metricChunkMaxSamples = 360
    /// Longest time one metric chunk covers: a sparse series starts a new chunk after this, so retention
    /// (which deletes whole chunks by their newest sample) never keeps old samples more than this long.
    public static let metricChunkMaxSpan = Duration.seconds(6 * 3600)

    public func metricSeries(_ query: MetricQuery) async throws(StoreError) -> MetricQueryResult {
        try query.validate()
        return try await read { db throws(StoreError) in try SQLiteMetricQuery(db: db, query: query).run() }
    }

    public func metricNames(_ scope: MetricQuery.Scope) async throws(StoreError) -> [MetricNameSummary] {
        try await read { db throws(StoreError) in try SQLiteMetricQuery.names(db: db, scope: scope) }
    }
}
