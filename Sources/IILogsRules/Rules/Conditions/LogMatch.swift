public import IILogsCore

/// Which log lines a rule looks at, cheapest test first: severity, then app, then a substring, then a
/// regular expression. `contains` or `regex` is set (the loader checks).
public struct LogMatch: Sendable, Hashable {
    /// Lines at this severity or worse; nil = any severity.
    public var severity: Severity?
    /// Lines whose app (program, unit) is one of these, compared exactly; empty = any app.
    public var apps: [String]
    /// Substrings of which the message must contain at least one (case-sensitive, byte for byte);
    /// empty = no substring test.
    public var contains: [String]
    /// `match: words`: a `contains` substring counts only where it begins and ends on token boundaries, as
    /// `iilogs query --grep` matches (but case-sensitive): `"Oops: "` matches `Oops: 0000` and `error: Oops: `,
    /// not `WhoOops: `. Lets the collector skip blocks without the words unread (docs/RULES.md).
    public var wholeWords: Bool
    /// A regular expression (Swift `Regex` syntax) the message must match somewhere; tried only on
    /// lines that passed the other tests.
    public var regex: String?

    public init(severity: Severity? = nil, apps: [String] = [], contains: [String] = [], wholeWords: Bool = false, regex: String? = nil) {
        self.wholeWords = wholeWords
        self.severity = severity
        self.apps = apps
        self.contains = contains
        self.regex = regex
    }

    /// How reasons quote the pattern: the regex when there is one, else the substring.
    public var patternText: String { regex ?? contains.joined(separator: "|") }
}
