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
    /// The times of the `limit` lines nearest the kept end so far (order-reversed with `~` for `.oldest`),
    /// smallest on top: the top is the boundary ``isComplete(nextChunkBound:)`` compares chunks with.
    private var boundary = MinHeap()

    package init(limit: Int, keep: LogQuery.Keep) {
        self.limit = max(0, limit)
        self.keep = keep
    }

    package mutating func add(_ entry: Entry) {
        entries.append(entry)
        guard limit > 0 else { return }
        boundary.push(keep == .newest ? entry.time : ~entry.time)
        if boundary.count > limit { boundary.popMin() }
    }

    /// Trims to the limit once twice the limit is in (only lines outside the final answer are dropped).
    /// Sorting lines on every chunk cost more than reading the chunks when every chunk matched (a
    /// newest-1,000 grep over 2,000 chunks spent 13 % of its time sorting); trimming at twice the limit
    /// sorts a number of times logarithmic in the lines seen and keeps memory within twice the limit.
    package mutating func compact() {
        guard limit > 0, entries.count > 2 * limit else { return }
        trim()
    }

    private mutating func trim() {
        guard limit > 0, entries.count > limit else { return }
        entries.sort(by: Entry.before)
        switch keep {
        case .newest: entries.removeFirst(entries.count - limit)
        case .oldest: entries.removeLast(entries.count - limit)
        }
    }

    /// True when no chunk whose lines all lie at or beyond `chunkBound` (max_time walking newest-first,
    /// min_time walking oldest-first) can change the answer.
    package func isComplete(nextChunkBound chunkBound: Int64) -> Bool {
        guard limit > 0, boundary.count >= limit, let top = boundary.min else { return false }
        switch keep {
        case .newest: return chunkBound < top
        case .oldest: return chunkBound > ~top
        }
    }

    /// The kept lines, oldest first.
    package mutating func finish() -> [Entry] {
        trim()
        entries.sort(by: Entry.before)
        return entries
    }
}

/// A binary min-heap of integers (the collector's boundary times).
private struct MinHeap {
    private var items: [Int64] = []

    var count: Int { items.count }
    var min: Int64? { items.first }

    mutating func push(_ value: Int64) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
