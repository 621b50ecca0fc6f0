/// The kind of a rule as the rule file spells it (`kind: log_pattern`).
public enum RuleKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Log lines matching a pattern counted over a sliding window.
    case logPattern = "log_pattern"
    /// A metric above or below a value, held for a duration.
    case metricThreshold = "metric_threshold"
    /// No record from the instance for a while, and no terminating event.
    case heartbeatMissing = "heartbeat_missing"
    /// The same service restarting, or the instance booting, N times in a window.
    case crashLoop = "crash_loop"
    /// No `ready` event within a time of `boot`.
    case neverReady = "never_ready"
    /// An instance far outside its siblings of the same image version.
    case siblingOutlier = "sibling_outlier"
}
