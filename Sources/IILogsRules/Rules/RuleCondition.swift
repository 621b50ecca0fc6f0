/// What makes a rule fire: one case per ``RuleKind``, each with its settings.
public enum RuleCondition: Sendable, Hashable {
    case logPattern(LogPatternCondition)
    case metricThreshold(MetricThresholdCondition)
    case heartbeatMissing(HeartbeatMissingCondition)
    case crashLoop(CrashLoopCondition)
    case neverReady(NeverReadyCondition)
    case siblingOutlier(SiblingOutlierCondition)

    public var kind: RuleKind {
        switch self {
        case .logPattern: .logPattern
        case .metricThreshold: .metricThreshold
        case .heartbeatMissing: .heartbeatMissing
        case .crashLoop: .crashLoop
        case .neverReady: .neverReady
        case .siblingOutlier: .siblingOutlier
        }
    }
}
