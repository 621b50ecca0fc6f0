public import IILogsCore

/// When a failed webhook delivery is tried again, and when it is given up (pure; no clock, no sockets).
///
/// Backoff after the n-th failed attempt is `min(maxBackoff, minBackoff × 2^(n−1))`, scaled by a
/// jitter factor in `[1 − jitterFraction, 1]` so many collectors retrying one receiver spread out.
/// A delivery is given up after `maxAttempts` attempts or once it is older than `maxAge`,
/// whichever comes first.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per notification and endpoint, the first included.
    public var maxAttempts: Int
    /// A notification still undelivered this long after it was queued is given up.
    public var maxAge: Duration
    /// Wait after the first failure.
    public var minBackoff: Duration
    /// Longest wait between two attempts.
    public var maxBackoff: Duration
    /// Share of each wait that is random (0 = none, 0.5 = waits between half and all of the backoff).
    public var jitterFraction: Double

    public static let defaultMaxAttempts = 12
    public static let defaultMaxAge = Duration.seconds(24 * 3600)
    public static let defaultMinBackoff = Duration.seconds(1)
    public static let defaultMaxBackoff = Duration.seconds(300)
    public static let defaultJitterFraction = 0.5

    public init(maxAttempts: Int = RetryPolicy.defaultMaxAttempts, maxAge: Duration = RetryPolicy.defaultMaxAge,
                minBackoff: Duration = RetryPolicy.defaultMinBackoff, maxBackoff: Duration = RetryPolicy.defaultMaxBackoff,
                jitterFraction: Double = RetryPolicy.defaultJitterFraction) {
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.minBackoff = minBackoff
        self.maxBackoff = maxBackoff
        self.jitterFraction = jitterFraction
    }

    /// The wait after `failedAttempts` failures (≥ 1), for a uniform `random` in `[0, 1)`.
    public func backoff(afterFailedAttempts failedAttempts: Int, random: Double) -> Duration {
        let exponent = max(0, min(failedAttempts - 1, 40))
        var base = minBackoff
        for _ in 0..<exponent {
            base = base * 2
            if base >= maxBackoff { break }
        }
        base = min(base, maxBackoff)
        let factor = 1 - jitterFraction * min(max(random, 0), 1)
        return base * factor
    }

    /// Checks every field; keys are prefixed with `prefix` (`webhooks.`).
    public func validate(prefix: String) throws(SettingsError) {
        if maxAttempts < 1 { throw SettingsError(key: prefix + "maxAttempts", problem: "must be at least 1, got \(maxAttempts)") }
        if maxAge <= .zero { throw SettingsError(key: prefix + "maxAge", problem: "must be positive") }
        if minBackoff <= .zero { throw SettingsError(key: prefix + "minBackoff", problem: "must be positive") }
        if maxBackoff < minBackoff { throw SettingsError(key: prefix + "maxBackoff", problem: "must be at least minBackoff") }
        if !(0...1).contains(jitterFraction) {
            throw SettingsError(key: prefix + "jitterFraction", problem: "must be 0–1, got \(jitterFraction)")
        }
    }
}
