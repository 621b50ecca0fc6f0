/// `heartbeat_missing`: fires when nothing (no heartbeat, line, sample or event) arrived from an
/// instance for `after`, and it recorded no `terminating`, `shutdown` or `terminated` since its last boot.
public struct HeartbeatMissingCondition: Sendable, Hashable {
    public var after: Duration

    public init(after: Duration) {
        self.after = after
    }
}
