/// A set of token hashes for building filters: open addressing on the hash's own (already mixed) bits,
/// no `Hasher` per insert. `Set<UInt64>` hashed every token again with SipHash, a few percent of encoding
/// a block on the syslog path.
struct TokenHashSet {
    private var slots: [UInt64]
    private var mask: Int
    private var hasZero = false
    /// Distinct hashes held.
    private(set) var count = 0

    init(minimumCapacity: Int = 64) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Adds `hash` (0 is kept aside: it marks empty slots).
    mutating func insert(_ hash: UInt64) {
        guard hash != 0 else {
            if !hasZero { (hasZero, count) = (true, count + 1) }
            return
        }
        if (count + 1) * 2 > slots.count { grow() }
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[i]
            if slot == hash { return }
            if slot == 0 {
                slots[i] = hash
                count += 1
                return
            }
            i = (i + 1) & mask
        }
    }

    /// Adds every hash of `other`.
    mutating func formUnion(_ other: TokenHashSet) {
        other.forEach { insert($0) }
    }

    /// Calls `body` with every hash held, in no particular order.
    func forEach(_ body: (UInt64) -> Void) {
        if hasZero { body(0) }
        for slot in slots where slot != 0 { body(slot) }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        count = hasZero ? 1 : 0
        for slot in old where slot != 0 { insert(slot) }
    }
}
