/// Counts per wall-clock minute for the last ``slots`` minutes (a ring), for rates over a window.
struct MinuteCounter {
    static let slots = 60
    private var minutes = [Int64](repeating: .min, count: slots)
    private var counts = [UInt32](repeating: 0, count: slots)

    static func minute(of nanoseconds: Int64) -> Int64 { nanoseconds >= 0 ? nanoseconds / 60_000_000_000 : -1 }

    mutating func add(atNanoseconds time: Int64) {
        let minute = Self.minute(of: time)
        let slot = Int(minute % Int64(Self.slots))
        guard slot >= 0 else { return }
        if minutes[slot] != minute {
            guard minute > minutes[slot] else { return }  // older than the ring
            minutes[slot] = minute
            counts[slot] = 0
        }
        counts[slot] &+= 1
    }

    /// Sum over the `windowMinutes` minutes ending with the one holding `now`.
    func sum(endingAt now: Int64, windowMinutes: Int) -> Int {
        let last = Self.minute(of: now)
        let first = last - Int64(windowMinutes) + 1
        var total = 0
        for slot in 0..<Self.slots where minutes[slot] >= first && minutes[slot] <= last {
            total += Int(counts[slot])
        }
        return total
    }
}
