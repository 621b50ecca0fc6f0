import IILogsCore

extension SQLiteRegistryReader {
    /// Runs of missing sequence numbers per stream (from 1 up to the highest stored), oldest stream first.
    func sequenceGaps(instanceID: String, limit: Int) throws(StoreError) -> [SequenceGap] {
        let select = try db.cached("""
            SELECT stream_id, previous + 1, first - 1 FROM (
                SELECT batch_ranges.stream_id, batch_ranges.first,
                       lag(batch_ranges.last, 1, 0) OVER (PARTITION BY batch_ranges.stream_id ORDER BY batch_ranges.first) AS previous
                FROM batch_ranges JOIN instances ON instances.key = batch_ranges.instance_key
                WHERE instances.instance_id = ?1)
            WHERE first > previous + 1
            ORDER BY stream_id, first LIMIT ?2
            """)
        select.bind(1, instanceID)
        select.bind(2, Int64(max(0, limit)))
        defer { select.reset() }
        var gaps: [SequenceGap] = []
        while try select.step() {
            gaps.append(SequenceGap(streamID: UInt64(bitPattern: select.int64(0)), firstMissing: UInt64(bitPattern: select.int64(1)),
                                    lastMissing: UInt64(bitPattern: select.int64(2))))
        }
        return gaps
    }
}
