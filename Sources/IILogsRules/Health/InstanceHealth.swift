/// What image health needs to know about one instance.
public struct InstanceHealth: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Heard from recently, not terminating.
        case alive
        /// Silent without a terminating event.
        case lost
        /// Ended cleanly (terminating, shutdown or terminated).
        case terminated
        /// Flagged by a `quarantine` rule (takes precedence over the others).
        case quarantined
    }

    public var instanceID: String
    public var state: State
    public var lines: Int
    /// Lines at severity `err` or worse.
    public var errorLines: Int
    /// Service restarts and reboots after the first boot.
    public var crashes: Int
    /// Recent samples of the key metrics, by metric name.
    public var metrics: [String: [Double]]

    public init(instanceID: String, state: State, lines: Int = 0, errorLines: Int = 0, crashes: Int = 0,
                metrics: [String: [Double]] = [:]) {
        self.instanceID = instanceID
        self.state = state
        self.lines = lines
        self.errorLines = errorLines
        self.crashes = crashes
        self.metrics = metrics
    }

    /// errorLines / lines, nil without lines.
    public var errorRate: Double? { lines > 0 ? Double(errorLines) / Double(lines) : nil }
}
