/// A rule file that cannot be used, refused at start-up: names the rule (index and name), the field
/// path and what is wrong (`rules[3] (disk-nearly-full): rules[3].for: "5 minutes" is not a duration
/// (like 30s, 5m, 1h30m) (line 21)`).
public struct RuleFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Position of the rule in `rules:` (0-based), nil for file-level problems.
    public var ruleIndex: Int?
    /// The rule's name when it could be read.
    public var ruleName: String?
    /// Path of the field as written (`rules[3].window`, `health.pass_score`, `rules`).
    public var field: String
    /// What is wrong and what is allowed.
    public var problem: String
    /// 1-based line in the file, when known.
    public var line: Int?

    public init(ruleIndex: Int? = nil, ruleName: String? = nil, field: String, problem: String, line: Int? = nil) {
        self.ruleIndex = ruleIndex
        self.ruleName = ruleName
        self.field = field
        self.problem = problem
        self.line = line
    }

    public var description: String {
        var out = ""
        if let ruleIndex {
            out += "rules[\(ruleIndex)]"
            if let ruleName { out += " (\(ruleName))" }
            out += ": "
        }
        out += "\(field): \(problem)"
        if let line { out += " (line \(line))" }
        return out
    }
}
