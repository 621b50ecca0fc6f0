public import IILogsRules
import Synchronization

/// The flags raised and not yet handled, between the ``RuleEvaluator`` (which pushes) and one consumer,
/// ``RuleService`` (which takes everything waiting at once, so a flag storm is stored in a few
/// transactions rather than one per flag).
///
/// Bounded: beyond `capacity` waiting flags new ones are dropped and counted (``push(_:)`` says how many).
/// One consumer at a time.
public final class FlagQueue: Sendable {
    private struct State {
        var pending: [Flag] = []
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        var dropped = 0
    }

    /// Waiting flags at most.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `flags` in order; returns how many did not fit (dropped, counted in ``droppedCount``).
    @discardableResult
    public func push(_ flags: [Flag]) -> Int {
        guard !flags.isEmpty else { return 0 }
        let (dropped, waiter) = state.withLock { state -> (Int, CheckedContinuation<Void, Never>?) in
            guard !state.finished else { return (0, nil) }
            let room = max(0, capacity - state.pending.count)
            state.pending.append(contentsOf: flags.prefix(room))
            let dropped = flags.count - min(room, flags.count)
            state.dropped += dropped
            let waiter = state.waiter
            state.waiter = nil
            return (dropped, waiter)
        }
        waiter?.resume()
        return dropped
    }

    /// Flags dropped so far because the queue was full.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// No more flags will come: ``next(max:)`` returns what is left, then nil.
    public func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Up to `max` waiting flags, oldest first, waiting while there are none; nil once finished and drained,
    /// or when the calling task is cancelled.
    public func next(max: Int) async -> [Flag]? {
        while !Task.isCancelled {
            let taken = state.withLock { state -> [Flag]? in
                guard !state.pending.isEmpty else { return nil }
                let count = Swift.min(Swift.max(1, max), state.pending.count)
                defer { state.pending.removeFirst(count) }
                return Array(state.pending.prefix(count))
            }
            if let taken { return taken }
            if state.withLock({ $0.finished }) { return nil }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        guard state.pending.isEmpty && !state.finished && !Task.isCancelled else { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }
        return nil
    }
}
