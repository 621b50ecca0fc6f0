import IILogsCore
import Testing
@testable import IILogsStore

/// The newest/oldest-N bookkeeping behind every log query: the kept lines and when a walk may stop.
@Suite struct LogQueryCollectorTests {
    static func entry(_ time: Int64, chunk: Int64, line: Int) -> LogQueryCollector.Entry {
        .init(time: time, chunkID: chunk, line: line, instanceKey: 1,
              record: LogRecord(time: Timestamp(nanosecondsSinceEpoch: time), message: "\(chunk)/\(line)"))
    }

    @Test(arguments: [LogQuery.Keep.newest, .oldest])
    func keepsExactlyWhatASortOfEverythingWouldKeep(keep: LogQuery.Keep) {
        var random = SeededRandom(seed: 7)
        var collector = LogQueryCollector(limit: 50, keep: keep)
        var all: [LogQueryCollector.Entry] = []
        // 40 overlapping chunks of 20 lines each, times in order within a chunk, as chunks are.
        for chunk in 0..<40 {
            var time = Int64(random.next() % 1_000)
            for line in 0..<20 {
                time += Int64(random.next() % 50)
                let entry = Self.entry(time, chunk: Int64(chunk), line: line)
                collector.add(entry)
                all.append(entry)
            }
            collector.compact()
        }
        let sorted = all.sorted(by: LogQueryCollector.Entry.before)
        let expected = keep == .newest ? Array(sorted.suffix(50)) : Array(sorted.prefix(50))
        let kept = collector.finish()
        #expect(kept.map(\.record.message) == expected.map(\.record.message))
    }

    @Test func aNewestWalkIsCompleteOnlyBelowTheLimitthNewestTime() {
        var collector = LogQueryCollector(limit: 3, keep: .newest)
        for (n, time) in [40, 10, 30, 20].enumerated() { collector.add(Self.entry(Int64(time), chunk: 1, line: n)) }
        // The three newest are 40, 30, 20: a chunk ending before 20 cannot change them.
        #expect(collector.isComplete(nextChunkBound: 19))
        #expect(!collector.isComplete(nextChunkBound: 20))
    }

    @Test func anOldestWalkIsCompleteOnlyBeyondTheLimitthOldestTime() {
        var collector = LogQueryCollector(limit: 2, keep: .oldest)
        for (n, time) in [30, 10, 20].enumerated() { collector.add(Self.entry(Int64(time), chunk: 1, line: n)) }
        #expect(collector.isComplete(nextChunkBound: 21))
        #expect(!collector.isComplete(nextChunkBound: 20))
    }

    @Test func neverCompleteBeforeTheLimitIsReachedOrWithoutALimit() {
        var limited = LogQueryCollector(limit: 3, keep: .newest)
        limited.add(Self.entry(5, chunk: 1, line: 0))
        #expect(!limited.isComplete(nextChunkBound: .min))
        var unlimited = LogQueryCollector(limit: 0, keep: .newest)
        unlimited.add(Self.entry(5, chunk: 1, line: 0))
        #expect(!unlimited.isComplete(nextChunkBound: .min))
        #expect(unlimited.finish().count == 1)
    }
}
