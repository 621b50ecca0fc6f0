package import IILogsCore

/// Gathers matching lines from chunks visited newest-first (or oldest-first) and keeps only what the
/// limit can return, so a query can stop walking chunks early.
///
/// Lines are ordered by (time, chunk id, line index): ties keep chunk order, then line order.
package struct LogQueryCollector {
    package struct Entry {
        package init(time: Int64, chunkID: Int64, line: Int, instanceKey: Int64, record: LogRecord) {
            self.time = time
            self.chunkID = chunkID
            self.line = line
            self.instanceKey = instanceKey
            self.record = record
        }

        package var time: Int64
        package var chunkID: Int64
        package var line: Int
        package var instanceKey: Int64
        package var record: LogRecord

        package static func before(_ a: Entry, _ b: Entry) -> Bool {
            (a.time, a.chunkID, a.line) < (b.time, b.chunkID, b.line)
        }
    }

    package let limit: Int
    package let keep: LogQuery.Keep
    package private(set) var entries: [Entry] = []

    package init(limit: Int, keep: LogQuery.Keep) {
        self.limit = max(0, limit)
        self.keep = keep
    }

    package mutating func add(_ entry: Entry) { entries.append(entry) }

    /// Trims to the limit once enough lines are in (only lines outside the final answer are dropped).
    package mutating func compact() {
        guard limit > 0, entries.count > limit else { return }
        entries.sort(by: Entry.before)
        switch keep {
        case .newest: entries.removeFirst(entries.count - limit)
        case .oldest: entries.removeLast(entries.count - limit)
        }
    }

    /// True when no chunk whose lines all lie at or beyond `chunkBound` (max_time walking newest-first,
    /// min_time walking oldest-first) can change the answer.
    package mutating func isComplete(nextChunkBound chunkBound: Int64) -> Bool {
        guard limit > 0, entries.count >= limit else { return false }
        compact()
        switch keep {
        case .newest: return chunkBound < (entries.first?.time ?? .min)
        case .oldest: return chunkBound > (entries.last?.time ?? .max)
        }
    }

    /// The kept lines, oldest first.
    package mutating func finish() -> [Entry] {
        compact()
        entries.sort(by: Entry.before)
        return entries
    }
}
