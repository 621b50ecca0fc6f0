import Synchronization

/// Counters of the journald source, readable from any task.
public final class JournaldStats: Sendable {
    private let counters = Mutex(Snapshot())

    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Entries handed to the sink.
        public var entries = 0
        /// Output lines that were not journal entries (counted, skipped).
        public var parseErrors = 0
        /// Output lines longer than ``JournaldSettings/maxLineBytes`` (counted, skipped).
        public var oversizedLines = 0
        /// Messages cut at ``JournaldSettings/maxMessageBytes``.
        public var truncatedMessages = 0
        /// Times `journalctl` was started (the first start included).
        public var starts = 0
        /// Times `journalctl` could not be started.
        public var startFailures = 0
    }

    public init() {}

    /// The current counters.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        counters.withLock { body(&$0) }
    }
}
