import IILogsCore

/// Evaluates a rule file as data arrives, per instance, and returns new ``Flag``s.
///
/// Feed it every record once, in roughly time order per instance: ``observe(log:instance:evidence:)``,
/// ``observe(metric:instance:evidence:)``, ``observe(event:instance:evidence:)`` (or
/// ``observe(batch:instance:evidence:)`` for one instance's batch), and call ``tick(now:)`` every few
/// seconds for the time-based rules (`heartbeat_missing`, `never_ready`, held `metric_threshold`,
/// `sibling_outlier`). Nothing is rescanned: each rule keeps a small bounded state per instance
/// (``EngineLimits``).
///
/// **Firing once.** A rule fires once per instance (per service or series where it has a `key`) and
/// then stays quiet until it *resets*, that is until its condition is observed false: a whole window
/// without a matching line (or restart, or boot), a sample on the good side of the value, a record arriving
/// after silence, a new `boot` (for `never_ready`), the instance back within its siblings' spread.
/// ``release(instanceID:)`` resets all rules of an instance, for when an operator releases it.
///
/// Not thread-safe: own it from one actor or lock. It does no I/O.
public final class RuleEngine {
    /// What the engine has seen, for the collector's self-metrics.
    public struct Counters: Sendable, Hashable {
        public var lines = 0
        public var samples = 0
        public var events = 0
        public var flags = 0
        /// Records of instances beyond ``EngineLimits/maxInstances``, not evaluated.
        public var untrackedRecords = 0
        /// Instances forgotten after ``EngineLimits/forgetAfter`` of silence.
        public var forgottenInstances = 0
        /// Instances forgotten because another collector sharing the store heard them last (``handOver(instanceID:)``).
        public var handedOver = 0
        /// Log blocks opened to match lines (``observe(scanned:instance:)``), and those whose summary ruled
        /// every line out so they were never inflated.
        public var blocksInflated = 0
        public var blocksSkipped = 0
        /// Blocks that could not be read for matching (their lines were counted, not matched).
        public var unreadableBlocks = 0

        public init() {}
    }

    public let ruleFile: RuleFile
    public let limits: EngineLimits
    public internal(set) var counters = Counters()
    let rules: CompiledRules
    let keyMetrics: Set<String>
    var tracks: [String: InstanceTrack] = [:]

    public init(ruleFile: RuleFile, limits: EngineLimits = EngineLimits()) {
        self.ruleFile = ruleFile
        self.limits = limits
        self.rules = CompiledRules(ruleFile.rules)
        self.keyMetrics = Set(ruleFile.health.keyMetrics)
    }

    /// Instances currently tracked.
    public var instanceCount: Int { tracks.count }

    /// Finds or starts the track of an instance; nil when ``EngineLimits/maxInstances`` is reached.
    func track(_ instanceID: String, _ imageVersion: String, at time: Int64) -> InstanceTrack? {
        if let track = tracks[instanceID] {
            if track.imageVersion != imageVersion { track.imageVersion = imageVersion }
            return track
        }
        guard tracks.count < limits.maxInstances else {
            counters.untrackedRecords += 1
            return nil
        }
        let track = InstanceTrack(instanceID: instanceID, imageVersion: imageVersion, now: time, rules: rules)
        tracks[instanceID] = track
        return track
    }

    /// Forgets an instance entirely (it will be tracked afresh if it speaks again).
    public func forget(instanceID: String) {
        tracks[instanceID] = nil
    }

    /// Resets every rule of an instance and clears its quarantined mark, so that rules can fire again.
    public func release(instanceID: String) {
        guard let track = tracks[instanceID] else { return }
        track.quarantined = false
        for index in track.logWindows.indices { track.logWindows[index] = MatchWindow() }
        for index in track.series.indices { track.series[index] = [:] }
        for index in track.heartbeatFiring.indices { track.heartbeatFiring[index] = false }
        for index in track.neverReadyFired.indices { track.neverReadyFired[index] = false }
        for index in track.restartWindows.indices { track.restartWindows[index] = [:] }
        for index in track.bootWindows.indices { track.bootWindows[index] = MatchWindow() }
        for index in track.outlierFiring.indices { track.outlierFiring[index] = false }
    }

    func flag(_ rule: Rule, _ track: InstanceTrack, key: String = "", time: Int64, reason: String, evidence: [Evidence]) -> Flag {
        counters.flags += 1
        if rule.action == .quarantine { track.quarantined = true }
        return Flag(rule: rule.name, kind: rule.kind, action: rule.action, instanceID: track.instanceID,
                    imageVersion: track.imageVersion, key: key, time: Timestamp(nanosecondsSinceEpoch: time),
                    reason: reason, evidence: Array(evidence.suffix(limits.maxEvidencePerFlag)))
    }

    /// A text cut to ``EngineLimits/maxEvidenceTextBytes`` on a character boundary.
    func evidenceText(_ text: String) -> String {
        guard text.utf8.count > limits.maxEvidenceTextBytes else { return text }
        var out = ""
        for character in text {
            if out.utf8.count + character.utf8.count > limits.maxEvidenceTextBytes { break }
            out.append(character)
        }
        return out
    }
}
