/// A log line as a report shows it.
public struct ReportLogLine: Codable, Sendable, Hashable {
    public var time: String
    /// Severity name (`err`, `warning`, `info`, …).
    public var severity: String
    public var app: String
    public var message: String

    public init(time: String, severity: String, app: String, message: String) {
        self.time = time
        self.severity = severity
        self.app = app
        self.message = message
    }
}
