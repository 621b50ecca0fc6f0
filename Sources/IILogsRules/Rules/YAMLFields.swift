import IILogsCore
import Yams

/// Typed access to one YAML mapping of the rule file, with errors that name the rule and the field.
struct YAMLFields {
    enum Context {
        case file
        case rule(index: Int, name: String?)
    }

    let pairs: [(key: String, value: Node, line: Int?)]
    let path: String
    let line: Int?
    var context: Context

    init?(node: Node, path: String, context: Context) {
        guard case .mapping(let mapping) = node else { return nil }
        self.pairs = mapping.map { (key: $0.key.string ?? "\($0.key)", value: $0.value, line: $0.key.mark?.line) }
        self.path = path
        self.line = node.mark?.line
        self.context = context
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func node(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

    func error(_ key: String, _ problem: String) -> RuleFileError {
        let line = pairs.first { $0.key == key }?.line ?? self.line
        switch context {
        case .file:
            return RuleFileError(field: fieldPath(key), problem: problem, line: line)
        case .rule(let index, let name):
            return RuleFileError(ruleIndex: index, ruleName: name, field: fieldPath(key), problem: problem, line: line)
        }
    }

    func refuseUnknown(allowed: Set<String>) throws(RuleFileError) {
        var seen: Set<String> = []
        for pair in pairs {
            guard allowed.contains(pair.key) else {
                throw error(pair.key, "is not a field here; allowed: \(allowed.sorted().joined(separator: ", "))")
            }
            guard seen.insert(pair.key).inserted else { throw error(pair.key, "is given twice") }
        }
    }

    func scalar(_ key: String) throws(RuleFileError) -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw error(key, "must be a single value") }
        return scalar.string
    }

    func string(_ key: String) throws(RuleFileError) -> String? { try scalar(key) }

    func int(_ key: String) throws(RuleFileError) -> Int? {
        guard let text = try scalar(key) else { return nil }
        guard let value = Int(text) else { throw error(key, "must be a whole number, got \"\(text)\"") }
        return value
    }

    func int(_ key: String, range: ClosedRange<Int>) throws(RuleFileError) -> Int? {
        guard let value = try int(key) else { return nil }
        guard range.contains(value) else {
            throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    func double(_ key: String, atLeast minimum: Double? = nil) throws(RuleFileError) -> Double? {
        guard let text = try scalar(key) else { return nil }
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let parsed = Double(trimmed), parsed.isFinite else { throw error(key, "must be a number, got \"\(text)\"") }
        let value = text.hasSuffix("%") ? parsed / 100 : parsed
        if let minimum, value < minimum { throw error(key, "must be at least \(minimum), got \(value)") }
        return value
    }

    func duration(_ key: String, max: Duration) throws(RuleFileError) -> Duration? {
        guard let text = try scalar(key) else { return nil }
        guard let duration = DurationParser.parse(text) else {
            throw error(key, "\"\(text)\" is not a duration (like 30s, 5m, 1h30m)")
        }
        guard duration <= max else {
            throw error(key, "must be at most \(DurationParser.format(max)), got \(text)")
        }
        return duration
    }

    func requiredDuration(_ key: String, max: Duration) throws(RuleFileError) -> Duration {
        guard let duration = try duration(key, max: max) else { throw error(key, "is required (a duration like 5m)") }
        guard duration > .zero else { throw error(key, "must be longer than 0s") }
        return duration
    }

    /// A single string or a list of strings.
    func stringList(_ key: String) throws(RuleFileError) -> [String] {
        guard let node = node(key) else { return [] }
        switch node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var out: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { throw error(key, "must be a string or a list of strings") }
                out.append(scalar.string)
            }
            return out
        default:
            throw error(key, "must be a string or a list of strings")
        }
    }

    func stringMap(_ key: String) throws(RuleFileError) -> [String: String] {
        guard let node = node(key) else { return [:] }
        guard case .mapping(let mapping) = node else { throw error(key, "must be a mapping of label names to values") }
        var out: [String: String] = [:]
        for pair in mapping {
            guard let name = pair.key.string, case .scalar(let value) = pair.value else {
                throw error(key, "must be a mapping of label names to values")
            }
            out[name] = value.string
        }
        return out
    }
}
