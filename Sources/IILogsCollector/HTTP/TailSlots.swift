import Synchronization

/// Counts the live tails against ``TailSettings/maxConcurrentTails``.
final class TailSlots: Sendable {
    let limit: Int
    private let inUse = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Tails streaming now.
    var count: Int { inUse.withLock { $0 } }

    /// A slot, or nil when all are taken. The slot is given back when the last reference to it goes away, so a
    /// response body that is never written (client gone before the head) cannot leak it.
    func acquire() -> Slot? {
        let granted = inUse.withLock { (n: inout Int) -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        return granted ? Slot(owner: self) : nil
    }

    fileprivate func release() {
        inUse.withLock { $0 -= 1 }
    }

    final class Slot: Sendable {
        private let owner: TailSlots

        fileprivate init(owner: TailSlots) {
            self.owner = owner
        }

        deinit { owner.release() }
    }
}
