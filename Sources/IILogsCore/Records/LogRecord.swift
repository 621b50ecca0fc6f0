/// One log line from an instance.
///
/// The instance's identity is not repeated here: it is bound once per connection (the agent's hello)
/// or per chunk in the store.
public struct LogRecord: Sendable, Hashable {
    public var time: Timestamp
    public var severity: Severity
    /// Syslog facility 0–23 (1 = user, the default for tailed files).
    public var facility: UInt8
    /// The sender's host name as it wrote it, empty when unknown.
    public var hostname: String
    /// Program or unit name (`sshd`, `nginx`, a tailed file's base name), empty when unknown.
    public var app: String
    /// Process ID as text (syslog's PROCID may be any token), empty when unknown.
    public var procID: String
    public var message: String
    public var fields: [LogField]

    public init(
        time: Timestamp,
        severity: Severity = .info,
        facility: UInt8 = 1,
        hostname: String = "",
        app: String = "",
        procID: String = "",
        message: String,
        fields: [LogField] = []
    ) {
        self.time = time
        self.severity = severity
        self.facility = facility
        self.hostname = hostname
        self.app = app
        self.procID = procID
        self.message = message
        self.fields = fields
    }
}
