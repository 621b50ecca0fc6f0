/// A parsed, validated rule file: the rules in file order and the image-health policy.
public struct RuleFile: Sendable, Hashable {
    public var rules: [Rule]
    public var health: HealthPolicy

    public init(rules: [Rule], health: HealthPolicy = HealthPolicy()) {
        self.rules = rules
        self.health = health
    }

    /// The shipped defaults (``DefaultRules/yaml``, identical to `collector/packaging/rules.yaml`).
    public static func defaults() -> RuleFile {
        do {
            return try RuleFileLoader.load(yaml: DefaultRules.yaml)
        } catch {
            preconditionFailure("the embedded default rules do not load: \(error)")
        }
    }
}
