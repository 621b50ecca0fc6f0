import IILogsCore

extension Spool {
    /// Returns once an entry with a sequence above `sequence` exists, the spool closes, or the task is cancelled.
    public func waitForEntries(after sequence: UInt64) async {
        await wait(.appendedAfter(sequence))
    }

    /// Returns once every entry up to `sequence` is acknowledged, the spool closes, or the task is cancelled.
    public func waitUntilAcknowledged(through sequence: UInt64) async {
        await wait(.acknowledgedThrough(sequence))
    }

    /// Like ``waitUntilAcknowledged(through:)`` with a deadline; true when acknowledged in time.
    public nonisolated func waitUntilAcknowledged(through sequence: UInt64, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitUntilAcknowledged(through: sequence)
                return await self.acknowledgedSequence >= sequence
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func isSatisfied(_ kind: Waiter.Kind) -> Bool {
        if closed { return true }
        switch kind {
        case .appendedAfter(let sequence): return lastSequence > sequence
        case .acknowledgedThrough(let sequence): return ledger.ackedSequence >= sequence
        }
    }

    private func wait(_ kind: Waiter.Kind) async {
        if isSatisfied(kind) || Task.isCancelled { return }
        let id = nextWaiterID
        nextWaiterID += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters[id] = Waiter(kind: kind, continuation: continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.continuation.resume()
    }

    func resumeWaiters() {
        for (id, waiter) in waiters where isSatisfied(waiter.kind) {
            waiters.removeValue(forKey: id)
            waiter.continuation.resume()
        }
    }
}
