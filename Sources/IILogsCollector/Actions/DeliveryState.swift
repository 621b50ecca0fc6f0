public import IILogsCore

/// One notification's delivery to one endpoint, as a pure state machine: feed it each attempt's
/// outcome and it says what to do next. The dispatcher performs the actions; tests drive it without sockets.
///
/// ```
///            attempt
///  pending ───────────▶ 2xx ─────────────────────▶ acknowledged   (removed from the outbox)
///     ▲                  │ other status / error
///     │   wait backoff   ▼
///     └──────────── attempts < maxAttempts and age < maxAge
///                        │ otherwise
///                        ▼
///                     gaveUp                                       (removed, logged, counted)
/// ```
public struct DeliveryState: Sendable, Hashable {
    /// What one attempt produced.
    public enum AttemptOutcome: Sendable, Hashable {
        /// The receiver answered with this HTTP status.
        case status(Int)
        /// No answer: connection refused, timeout, protocol error.
        case failed(String)

        /// True for any 2xx status.
        public var isSuccess: Bool {
            if case .status(let code) = self { return (200...299).contains(code) }
            return false
        }
    }

    /// What the dispatcher does next.
    public enum Decision: Sendable, Hashable {
        /// The receiver has it: remove it from the outbox.
        case acknowledged
        /// Try again after this wait.
        case retry(after: Duration)
        /// Stop trying (the reason names the limit reached); remove it from the outbox.
        case giveUp(reason: String)
    }

    /// When the notification entered the outbox (max age counts from here, across restarts).
    public let queuedAt: Timestamp
    /// Attempts made so far.
    public private(set) var attempts: Int = 0
    /// Set once acknowledged or given up.
    public private(set) var finished = false

    public init(queuedAt: Timestamp) {
        self.queuedAt = queuedAt
    }

    /// Number of the next attempt (1-based), for the delivery log.
    public var nextAttemptNumber: Int { attempts + 1 }

    /// True when the notification is too old to try (again) at `now`.
    public func isExpired(at now: Timestamp, policy: RetryPolicy) -> Bool {
        now.nanosecondsSinceEpoch - queuedAt.nanosecondsSinceEpoch >= policy.maxAge.totalNanoseconds
    }

    /// Records one attempt's outcome at `now`; `random` in `[0, 1)` draws the jitter.
    public mutating func record(_ outcome: AttemptOutcome, at now: Timestamp, policy: RetryPolicy, random: Double) -> Decision {
        precondition(!finished, "a finished delivery takes no more attempts")
        attempts += 1
        if outcome.isSuccess {
            finished = true
            return .acknowledged
        }
        if attempts >= policy.maxAttempts {
            finished = true
            return .giveUp(reason: "no 2xx after \(attempts) attempts (maxAttempts)")
        }
        let wait = policy.backoff(afterFailedAttempts: attempts, random: random)
        if isExpired(at: now.adding(wait), policy: policy) {
            finished = true
            return .giveUp(reason: "older than maxAge \(DurationParser.format(policy.maxAge)) before the next attempt")
        }
        return .retry(after: wait)
    }
}
