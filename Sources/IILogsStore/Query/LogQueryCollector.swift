import IILogsCore

/// Gathers matching lines from chunks visited newest-first (or oldest-first) and keeps only what the
/// limit can return, so a query can stop walking chunks early.
///
/// Lines are ordered by (time, chunk id, line index): ties keep chunk order, then line order.
struct LogQueryCollector {
    struct Entry {
        var time: Int64
        var chunkID: Int64
        var line: Int
        var instanceKey: Int64
        var record: LogRecord

        static func before(_ a: Entry, _ b: Entry) -> Bool {
            (a.time, a.chunkID, a.line) < (b.time, b.chunkID, b.line)
        }
    }

    let limit: Int
    let keep: LogQuery.Keep
    private(set) var entries: [Entry] = []

    init(limit: Int, keep: LogQuery.Keep) {
        self.limit = max(0, limit)
        self.keep = keep
    }

    mutating func add(_ entry: Entry) { entries.append(entry) }

    /// Trims to the limit once enough lines are in (only lines outside the final answer are dropped).
    mutating func compact() {
        guard limit > 0, entries.count > limit else { return }
        entries.sort(by: Entry.before)
        switch keep {
        case .newest: entries.removeFirst(entries.count - limit)
        case .oldest: entries.removeLast(entries.count - limit)
        }
    }

    /// True when no chunk whose lines all lie at or beyond `chunkBound` (max_time walking newest-first,
    /// min_time walking oldest-first) can change the answer.
    mutating func isComplete(nextChunkBound chunkBound: Int64) -> Bool {
        guard limit > 0, entries.count >= limit else { return false }
        compact()
        switch keep {
        case .newest: return chunkBound < (entries.first?.time ?? .min)
        case .oldest: return chunkBound > (entries.last?.time ?? .max)
        }
    }

    /// The kept lines, oldest first.
    mutating func finish() -> [Entry] {
        compact()
        entries.sort(by: Entry.before)
        return entries
    }
}
