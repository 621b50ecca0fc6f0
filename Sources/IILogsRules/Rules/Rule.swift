/// One rule of the rule file: a name, what to do when it fires, and its condition.
public struct Rule: Sendable, Hashable {
    /// Unique within the file; flags carry it (`oom-kill`).
    public var name: String
    /// Free text for people reading flags and the rule list.
    public var description: String
    public var action: RuleAction
    public var condition: RuleCondition

    public init(name: String, description: String = "", action: RuleAction, condition: RuleCondition) {
        self.name = name
        self.description = description
        self.action = action
        self.condition = condition
    }

    /// The kind, as spelled in the file.
    public var kind: RuleKind { condition.kind }
}
