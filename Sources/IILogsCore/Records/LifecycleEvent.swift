/// Something that happened to an instance: boot, agent start, ready, terminating, heartbeat, …
public struct LifecycleEvent: Sendable, Hashable {
    /// Well-known event names; any other non-empty name is a custom event.
    public struct Name: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        public static let boot: Name = "boot"
        public static let agentStart: Name = "agent-start"
        public static let ready: Name = "ready"
        public static let heartbeat: Name = "heartbeat"
        public static let terminating: Name = "terminating"
        public static let shutdown: Name = "shutdown"
        public static let terminated: Name = "terminated"
        /// Sent by an agent when it starts after an unclean stop (no `shutdown` was recorded).
        public static let agentRecovered: Name = "agent-recovered"
    }

    public var time: Timestamp
    public var name: Name
    /// The kernel boot the event belongs to, empty when unknown.
    public var bootID: String
    /// Free text (a reason, a provisioning step).
    public var detail: String
    public var fields: [LogField]

    public init(time: Timestamp, name: Name, bootID: String = "", detail: String = "", fields: [LogField] = []) {
        self.time = time
        self.name = name
        self.bootID = bootID
        self.detail = detail
        self.fields = fields
    }
}
