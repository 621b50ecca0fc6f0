import IILogsCore

/// One mined template with its statistics. Times are RFC 3339 (UTC, nanoseconds) as in the API.
public struct LogTemplate: Codable, Sendable, Hashable {
    /// Tokens joined by one space; variables as `<*>` or typed placeholders (`<NUM>`, `<IP>`, …).
    public var template: String
    /// Messages (a folded stack trace counts once) that matched.
    public var count: Int
    public var firstSeen: String
    public var lastSeen: String
    /// The app of the first message that matched.
    public var app: String
    /// The first message that matched, cut to ``TemplateMinerSettings/maxExampleCharacters``.
    public var example: String
    /// The stack-trace lines folded into the example, if any.
    public var exampleContinuation: [String]
    /// Messages per severity name (`err`, `warning`, …).
    public var severities: [String: Int]

    public init(template: String, count: Int, firstSeen: String, lastSeen: String, app: String, example: String,
                exampleContinuation: [String] = [], severities: [String: Int]) {
        self.template = template
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.app = app
        self.example = example
        self.exampleContinuation = exampleContinuation
        self.severities = severities
    }

    /// The template's tokens.
    public var tokens: [Substring] { template.split(separator: " ") }

    /// `err 3, warning 1`: severities worst first.
    public var severityMix: String {
        severities.sorted { (Severity(name: $0.key)?.rawValue ?? 99, $0.key) < (Severity(name: $1.key)?.rawValue ?? 99, $1.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
