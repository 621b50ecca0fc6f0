import IILogsCore
import IILogsRules

/// Drives a ``RuleEngine`` like the collector does, one instance at a time, numbering evidence refs
/// per instance (`source` = a per-instance batch counter, `offset` = record index) and collecting flags.
final class RuleEngineHarness {
    let engine: RuleEngine
    private(set) var flags: [Flag] = []
    private var nextRef: [String: UInt32] = [:]

    /// 2026-11-23T10:00:00Z.
    static let t0 = Timestamp(nanosecondsSinceEpoch: 1_795_428_000 * 1_000_000_000)

    init(ruleFile: RuleFile = .defaults(), limits: EngineLimits = EngineLimits()) {
        engine = RuleEngine(ruleFile: ruleFile, limits: limits)
    }

    static func at(_ seconds: Double) -> Timestamp { t0.adding(nanoseconds: Int64(seconds * 1_000_000_000)) }

    static func identity(_ id: String, _ image: String = "v42") -> InstanceIdentity {
        InstanceIdentity(instanceID: id, imageVersion: image, bootID: "boot-\(id)")
    }

    private func ref(_ instance: InstanceIdentity) -> EvidenceRef {
        let offset = nextRef[instance.instanceID, default: 0]
        nextRef[instance.instanceID] = offset + 1
        return EvidenceRef(source: 7, offset: offset)
    }

    /// Observes a line; returns its evidence ref.
    @discardableResult
    func log(_ instance: InstanceIdentity, at seconds: Double, app: String, _ message: String, severity: Severity = .info) -> EvidenceRef {
        let ref = ref(instance)
        flags += engine.observe(log: LogRecord(time: Self.at(seconds), severity: severity, hostname: instance.instanceID, app: app, message: message),
                                instance: instance, evidence: ref)
        return ref
    }

    @discardableResult
    func metric(_ instance: InstanceIdentity, at seconds: Double, _ name: String, _ value: Double, labels: [LogField] = []) -> EvidenceRef {
        let ref = ref(instance)
        flags += engine.observe(metric: MetricSample(time: Self.at(seconds), name: name, value: value, labels: labels), instance: instance, evidence: ref)
        return ref
    }

    @discardableResult
    func event(_ instance: InstanceIdentity, at seconds: Double, _ name: LifecycleEvent.Name, bootID: String = "", detail: String = "") -> EvidenceRef {
        let ref = ref(instance)
        flags += engine.observe(event: LifecycleEvent(time: Self.at(seconds), name: name, bootID: bootID, detail: detail),
                                instance: instance, evidence: ref)
        return ref
    }

    func tick(at seconds: Double) {
        flags += engine.tick(now: Self.at(seconds))
    }

    /// Takes the flags collected so far.
    func drain() -> [Flag] {
        defer { flags = [] }
        return flags
    }
}
