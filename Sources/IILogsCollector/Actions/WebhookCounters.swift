import Synchronization

/// Webhook delivery counters (for `/v1/stats` and tests): every drop is counted by reason.
public final class WebhookCounters: Sendable {
    /// A snapshot of every counter.
    public struct Snapshot: Sendable, Hashable, Codable {
        /// Notifications accepted into the outbox.
        public var queued = 0
        /// Notification × endpoint pairs acknowledged with a 2xx.
        public var acknowledged = 0
        /// Attempts that got no 2xx (each is retried or given up).
        public var failedAttempts = 0
        /// Pairs given up after maxAttempts or maxAge.
        public var gaveUp = 0
        /// Notifications dropped unsent, by reason (`outbox_full`, `endpoint_removed`).
        public var dropped: [String: Int] = [:]
        /// Outbox lines that could not be read back at start-up (torn last write).
        public var unreadableOutboxLines = 0

        enum CodingKeys: String, CodingKey {
            case queued, acknowledged, failedAttempts = "failed_attempts", gaveUp = "gave_up", dropped
            case unreadableOutboxLines = "unreadable_outbox_lines"
        }
    }

    private let state = Mutex(Snapshot())

    public init() {}

    /// The current values.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }
}
