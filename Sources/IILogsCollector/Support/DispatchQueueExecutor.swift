import Dispatch

/// A serial executor that runs an actor's jobs on a dispatch queue of its own instead of Swift's cooperative
/// pool, for actors that block on the disk (`fsync`). The pool has one thread per core: two actors waiting
/// on a slow disk would stop every other task of the process (ingest, HTTP, rules) for as long.
///
/// ```swift
/// actor Outbox {
///     private let executor = DispatchQueueExecutor(label: "iilogs.webhooks.outbox")
///     nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
/// }
/// ```
final class DispatchQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue
    private static let identity = DispatchSpecificKey<ObjectIdentifier>()

    init(label: String) {
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: Self.identity, value: ObjectIdentifier(self))
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// True when called on this executor's queue.
    var isCurrent: Bool {
        DispatchQueue.getSpecific(key: Self.identity) == ObjectIdentifier(self)
    }
}
