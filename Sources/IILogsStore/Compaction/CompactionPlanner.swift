import IILogsCore

/// Splits one instance's small chunks into the runs a compaction pass merges.
package enum CompactionPlanner {
    /// What the planner needs of a `chunks` row.
    package struct Candidate: Sendable, Hashable {
        package var id: Int64
        /// Where the chunk stands in commit order (``CompactionPolicy/horizon``): SQLite's id, PostgreSQL's `xid`.
        package var position: Int64
        package var imageKey: Int64
        package var minTime: Int64
        package var maxTime: Int64
        package var lineCount: Int
        package var uncompressedBytes: Int

        package init(id: Int64, position: Int64? = nil, imageKey: Int64, minTime: Int64, maxTime: Int64, lineCount: Int,
                     uncompressedBytes: Int) {
            self.id = id
            self.position = position ?? id
            self.imageKey = imageKey
            self.minTime = minTime
            self.maxTime = maxTime
            self.lineCount = lineCount
            self.uncompressedBytes = uncompressedBytes
        }
    }

    /// Runs of two or more `candidates` (one instance's small chunks, in commit order): consecutive chunks of one
    /// image whose lines, inflated bytes and time range stay within `policy`'s targets. Chunks that fit no
    /// run are left out.
    package static func runs(_ candidates: [Candidate], policy: CompactionPolicy) -> [[Candidate]] {
        let maxSpan = policy.maxSpan.totalNanoseconds
        var runs: [[Candidate]] = []
        var run: [Candidate] = []
        var lines = 0, bytes = 0, minTime = Int64.max, maxTime = Int64.min
        func close() {
            if run.count >= 2 { runs.append(run) }
            run = []
            (lines, bytes, minTime, maxTime) = (0, 0, .max, .min)
        }
        for chunk in candidates {
            if !run.isEmpty {
                let fits = chunk.imageKey == run[0].imageKey
                    && lines + chunk.lineCount <= policy.targetLines
                    && bytes + chunk.uncompressedBytes <= policy.targetUncompressedBytes
                    && Self.span(min(minTime, chunk.minTime), max(maxTime, chunk.maxTime)) <= maxSpan
                if !fits { close() }
            }
            run.append(chunk)
            lines += chunk.lineCount
            bytes += chunk.uncompressedBytes
            minTime = min(minTime, chunk.minTime)
            maxTime = max(maxTime, chunk.maxTime)
        }
        close()
        return runs
    }

    /// `newest - oldest`, saturating (times come from agents' clocks).
    private static func span(_ oldest: Int64, _ newest: Int64) -> Int64 {
        let (difference, overflow) = newest.subtractingReportingOverflow(oldest)
        return overflow ? .max : difference
    }
}
