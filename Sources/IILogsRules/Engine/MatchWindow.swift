import IILogsCore

/// Times of the last matches within a sliding window, capped at the count a rule needs, plus the last
/// few matches as evidence, and whether the rule is firing for it.
struct MatchWindow {
    private(set) var times: [Int64] = []
    private var head = 0
    private(set) var evidence: [Evidence] = []
    var firing = false

    var count: Int { times.count - head }

    /// Drops matches at or before `now − window`; a firing window that empties resets (a whole window
    /// without a match ends the burst).
    mutating func prune(now: Int64, window: Int64) {
        let cutoff = now &- window
        while head < times.count && times[head] <= cutoff { head += 1 }
        if head > 32 && head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
        if head == times.count {
            times.removeAll(keepingCapacity: true)
            head = 0
        }
        evidence.removeAll { $0.time.nanosecondsSinceEpoch <= cutoff }
        if count == 0 { firing = false }
    }

    /// Adds a match; keeps at most `cap` times and `maxEvidence` evidence items.
    mutating func add(time: Int64, cap: Int, evidence item: Evidence?, maxEvidence: Int) {
        times.append(time)
        if count > cap { head += 1 }
        if let item {
            evidence.append(item)
            if evidence.count > maxEvidence { evidence.removeFirst(evidence.count - maxEvidence) }
        }
    }
}
