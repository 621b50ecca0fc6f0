import Synchronization

/// Counters of one tailed file, readable from any task.
public final class FileTailStats: Sendable {
    private let counters = Mutex(Snapshot())

    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Poll rounds completed (each checks growth, rotation and truncation once).
        public var polls = 0
        /// Lines handed to the sink.
        public var lines = 0
        /// Lines cut at `maxLineBytes`.
        public var truncatedLines = 0
        /// Partial lines emitted without their LF (timeout, or the file was rotated away).
        public var partialLinesFlushed = 0
        /// Times the path moved to another file (rotation by rename or re-creation).
        public var rotations = 0
        /// Times the file shrank below the read offset (copytruncate) and was read again from 0.
        public var truncations = 0
        /// Failed open/stat/read calls.
        public var readErrors = 0
    }

    public init() {}

    /// The current counters.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        counters.withLock { body(&$0) }
    }
}
