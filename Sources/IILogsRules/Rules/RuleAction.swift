/// What a firing rule asks the collector to do with the instance.
public enum RuleAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Flag the instance as quarantined: deployers stop sending it traffic and its data is held longer.
    case quarantine
    /// Record a warning flag only; the instance stays in service.
    case warn
}
