import IILogsCore
import Yams

/// Parses and validates a rule file's YAML text. Every problem is a ``RuleFileError`` naming the rule
/// and the field; unknown fields are refused so that a typo never silently disables a rule.
///
/// ```yaml
/// rules:
///   - name: oom-kill
///     kind: log_pattern
///     action: quarantine
///     app: kernel
///     contains: "Out of memory: Killed process"
///     window: 5m
///     threshold: 1
/// health:            # optional, see HealthPolicy
///   pass_score: 95
/// ```
public enum RuleFileLoader {
    /// Most rules a file may hold (each log rule costs every line a few nanoseconds).
    public static let maxRules = 200
    /// Largest `threshold` of a `log_pattern` rule and `count` of a `crash_loop` rule: the engine keeps
    /// one timestamp per counted line.
    public static let maxCount = 10_000
    /// Longest `window` of `log_pattern` and `crash_loop` rules.
    public static let maxWindow: Duration = .seconds(86_400)
    /// Longest `window` of a `sibling_outlier` rule (its per-minute counters cover this much).
    public static let maxOutlierWindow: Duration = .seconds(3_600)
    /// Longest rule name.
    public static let maxNameLength = 64

    /// Parses `yaml`; throws the first problem found.
    public static func load(yaml: String) throws(RuleFileError) -> RuleFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw RuleFileError(field: "(file)", problem: "is not valid YAML: \(error)")
        } catch {
            throw RuleFileError(field: "(file)", problem: "is not valid YAML: \(error)")
        }
        guard let root, let top = YAMLFields(node: root, path: "", context: .file) else {
            throw RuleFileError(field: "(file)", problem: "must be a mapping with a `rules:` list")
        }
        try top.refuseUnknown(allowed: ["version", "rules", "health"])
        if let version = try top.int("version"), version != 1 {
            throw top.error("version", "must be 1, got \(version)")
        }
        guard let rulesNode = top.node("rules") else { throw top.error("rules", "is required") }
        guard case .sequence(let sequence) = rulesNode else {
            throw top.error("rules", "must be a list of rules")
        }
        if sequence.count > maxRules {
            throw top.error("rules", "has \(sequence.count) rules; mustn't exceed \(maxRules)")
        }
        var rules: [Rule] = []
        var seen: Set<String> = []
        for (index, node) in sequence.enumerated() {
            let rule = try parseRule(node, index: index)
            if !seen.insert(rule.name).inserted {
                throw RuleFileError(ruleIndex: index, ruleName: rule.name, field: "rules[\(index)].name",
                                    problem: "\"\(rule.name)\" is used by an earlier rule; names must be unique",
                                    line: node.mark?.line)
            }
            rules.append(rule)
        }
        var health = HealthPolicy()
        if let healthNode = top.node("health") {
            guard let fields = YAMLFields(node: healthNode, path: "health", context: .file) else {
                throw top.error("health", "must be a mapping")
            }
            health = try parseHealth(fields)
        }
        return RuleFile(rules: rules, health: health)
    }

    static func parseRule(_ node: Node, index: Int) throws(RuleFileError) -> Rule {
        let path = "rules[\(index)]"
        guard var fields = YAMLFields(node: node, path: path, context: .rule(index: index, name: nil)) else {
            throw RuleFileError(ruleIndex: index, field: path, problem: "must be a mapping", line: node.mark?.line)
        }
        guard let name = try fields.string("name") else { throw fields.error("name", "is required") }
        fields.context = .rule(index: index, name: name)
        if name.isEmpty || name.utf8.count > maxNameLength
            || !name.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "-_.".unicodeScalars.contains($0) }) {
            throw fields.error("name", "must be 1–\(maxNameLength) letters, digits, '-', '_' or '.', got \"\(name)\"")
        }
        guard let kindText = try fields.string("kind") else { throw fields.error("kind", "is required") }
        guard let kind = RuleKind(rawValue: kindText) else {
            throw fields.error("kind", "must be one of \(RuleKind.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(kindText)\"")
        }
        guard let actionText = try fields.string("action") else { throw fields.error("action", "is required (quarantine or warn)") }
        guard let action = RuleAction(rawValue: actionText) else {
            throw fields.error("action", "must be quarantine or warn, got \"\(actionText)\"")
        }
        let description = try fields.string("description") ?? ""
        let common: Set<String> = ["name", "kind", "action", "description"]
        let condition: RuleCondition
        switch kind {
        case .logPattern:
            try fields.refuseUnknown(allowed: common.union(["severity", "app", "contains", "match", "regex", "window", "threshold"]))
            condition = .logPattern(LogPatternCondition(
                match: try parseMatch(fields, required: true),
                window: try fields.requiredDuration("window", max: maxWindow),
                threshold: try fields.int("threshold", range: 1...maxCount) ?? 1))
        case .metricThreshold:
            try fields.refuseUnknown(allowed: common.union(["metric", "labels", "above", "below", "for"]))
            let above = try fields.double("above")
            let below = try fields.double("below")
            guard (above == nil) != (below == nil) else {
                throw fields.error("above", "exactly one of `above` and `below` is required")
            }
            guard let metric = try fields.string("metric"), !metric.isEmpty else { throw fields.error("metric", "is required") }
            condition = .metricThreshold(MetricThresholdCondition(
                metric: metric, labels: try fields.stringMap("labels"),
                comparison: above != nil ? .above : .below, value: above ?? below ?? 0,
                holdFor: try fields.duration("for", max: maxWindow) ?? .zero))
        case .heartbeatMissing:
            try fields.refuseUnknown(allowed: common.union(["after"]))
            condition = .heartbeatMissing(HeartbeatMissingCondition(after: try fields.requiredDuration("after", max: maxWindow)))
        case .neverReady:
            try fields.refuseUnknown(allowed: common.union(["within"]))
            condition = .neverReady(NeverReadyCondition(within: try fields.requiredDuration("within", max: maxWindow)))
        case .crashLoop:
            try fields.refuseUnknown(allowed: common.union(["source", "count", "window", "severity", "app", "contains", "match", "regex"]))
            let sourceText = try fields.string("source") ?? "restarts"
            let source: CrashLoopCondition.Source
            switch sourceText {
            case "boots":
                for key in ["severity", "app", "contains", "match", "regex"] where fields.node(key) != nil {
                    throw fields.error(key, "is only allowed with source: restarts")
                }
                source = .boots
            case "restarts":
                let match = try parseMatch(fields, required: false)
                source = .restarts(match.contains.isEmpty && match.regex == nil ? CrashLoopCondition.systemdRestart : match)
            default:
                throw fields.error("source", "must be restarts or boots, got \"\(sourceText)\"")
            }
            condition = .crashLoop(CrashLoopCondition(
                source: source, count: try fields.int("count", range: 2...maxCount) ?? 5,
                window: try fields.requiredDuration("window", max: maxWindow)))
        case .siblingOutlier:
            try fields.refuseUnknown(allowed: common.union(["signal", "metric", "labels", "direction", "window", "min_siblings",
                                                            "min_value", "min_ratio", "max_deviation"]))
            let signalText = try fields.string("signal") ?? "error_rate"
            let signal: SiblingOutlierCondition.Signal
            switch signalText {
            case "error_rate":
                if fields.node("metric") != nil { throw fields.error("metric", "is only allowed with signal: metric") }
                signal = .errorRate
            case "metric":
                guard let metric = try fields.string("metric"), !metric.isEmpty else {
                    throw fields.error("metric", "is required with signal: metric")
                }
                signal = .metric(name: metric, labels: try fields.stringMap("labels"))
            default:
                throw fields.error("signal", "must be error_rate or metric, got \"\(signalText)\"")
            }
            let directionText = try fields.string("direction") ?? "above"
            guard let direction = SiblingOutlierCondition.Direction(rawValue: directionText) else {
                throw fields.error("direction", "must be above or below, got \"\(directionText)\"")
            }
            let window = try fields.requiredDuration("window", max: maxOutlierWindow)
            if window.totalNanoseconds % 60_000_000_000 != 0 {
                throw fields.error("window", "must be whole minutes, got \(DurationParser.format(window))")
            }
            guard let minValue = try fields.double("min_value") else {
                throw fields.error("min_value", "is required (the smallest value worth flagging, so a quiet fleet never flags)")
            }
            condition = .siblingOutlier(SiblingOutlierCondition(
                signal: signal, direction: direction, window: window,
                minSiblings: try fields.int("min_siblings", range: 2...10_000) ?? 5,
                minValue: minValue,
                minRatio: try fields.double("min_ratio", atLeast: 1) ?? 3,
                maxDeviation: try fields.double("max_deviation", atLeast: 0) ?? 5))
        }
        return Rule(name: name, description: description, action: action, condition: condition)
    }

    static func parseMatch(_ fields: YAMLFields, required: Bool) throws(RuleFileError) -> LogMatch {
        var severity: Severity?
        if let text = try fields.string("severity") {
            guard let parsed = Severity(name: text) else {
                throw fields.error("severity", "must be a syslog severity (emerg, alert, crit, err, warning, notice, info, debug), got \"\(text)\"")
            }
            severity = parsed
        }
        let apps = try fields.stringList("app")
        let contains = try fields.stringList("contains")
        if contains.contains("") { throw fields.error("contains", "must not be empty") }
        var wholeWords = false
        if let mode = try fields.string("match") {
            switch mode {
            case "substring": wholeWords = false
            case "words": wholeWords = true
            default: throw fields.error("match", "must be substring or words, got \"\(mode)\"")
            }
            if contains.isEmpty { throw fields.error("match", "applies to `contains`, which is missing") }
        }
        let regex = try fields.string("regex")
        if let regex {
            do {
                _ = try Regex(regex)
            } catch {
                throw fields.error("regex", "is not a valid regular expression: \(error)")
            }
        }
        if required && contains.isEmpty && regex == nil {
            throw fields.error("contains", "one of `contains` and `regex` is required")
        }
        return LogMatch(severity: severity, apps: apps, contains: contains, wholeWords: wholeWords, regex: regex)
    }
}
