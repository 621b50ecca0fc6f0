/// A parsed syslog message (RFC 5424 or RFC 3164); ``SyslogParser`` builds it.
public struct SyslogMessage: Sendable, Hashable {
    public enum Format: Sendable, Hashable { case rfc5424, rfc3164 }

    public struct StructuredDataElement: Sendable, Hashable {
        public var id: String
        public var parameters: [LogField]
        public init(id: String, parameters: [LogField]) {
            self.id = id
            self.parameters = parameters
        }
    }

    public var format: Format
    public var facility: UInt8
    public var severity: Severity
    /// nil when the sender sent none (`-`); the record then takes the receive time.
    public var timestamp: Timestamp?
    public var hostname: String
    public var appName: String
    public var procID: String
    public var msgID: String
    public var structuredData: [StructuredDataElement]
    public var message: String

    public init(format: Format, facility: UInt8, severity: Severity, timestamp: Timestamp?, hostname: String, appName: String,
                procID: String, msgID: String, structuredData: [StructuredDataElement], message: String) {
        self.format = format
        self.facility = facility
        self.severity = severity
        self.timestamp = timestamp
        self.hostname = hostname
        self.appName = appName
        self.procID = procID
        self.msgID = msgID
        self.structuredData = structuredData
        self.message = message
    }
}

/// Why bytes are not a syslog message: the field, the problem, and where.
public struct SyslogParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var byteOffset: Int
    public init(field: String, problem: String, byteOffset: Int) {
        self.field = field
        self.problem = problem
        self.byteOffset = byteOffset
    }
    public var description: String { "syslog \(field) at byte \(byteOffset): \(problem)" }
}
