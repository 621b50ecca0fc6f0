import IILogsCore

/// Everything the engine remembers about one instance; every collection is capped by ``EngineLimits``.
final class InstanceTrack {
    /// One metric series of a `metric_threshold` rule.
    struct Series {
        var crossingSince: Int64?
        var lastTime: Int64 = .min
        var lastValue: Double = 0
        var firing = false
        var evidence: [Evidence] = []
    }

    let instanceID: String
    var imageVersion: String
    var lastSeen: Int64
    /// The last record heard, for `heartbeat_missing` evidence.
    var lastRecord: (kind: Evidence.Kind, ref: EvidenceRef, time: Int64)?
    var bootAt: Int64?
    var bootEvidence: Evidence?
    var readyAt: Int64?
    /// `terminating`, `shutdown` or `terminated` since the last boot.
    var endingAt: Int64?
    var quarantined = false

    // Health tallies.
    var lines = 0
    var errorLines = 0
    var crashes = 0
    var boots = 0
    var healthSamples: [String: RecentValues] = [:]

    // Per-rule state, indexed like the lists of `CompiledRules`.
    var logWindows: [MatchWindow]
    var series: [[String: Series]]
    var heartbeatFiring: [Bool]
    /// Some `heartbeatFiring` is true (checked per record instead of the array).
    var anyHeartbeatFiring = false
    var neverReadyFired: [Bool]
    var restartWindows: [[String: MatchWindow]]
    var bootWindows: [MatchWindow]
    var errorMinutes: MinuteCounter?
    var outlierFiring: [Bool]
    var outlierLastValue: [(value: Double, time: Int64)?]

    init(instanceID: String, imageVersion: String, now: Int64, rules: CompiledRules) {
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.lastSeen = now
        logWindows = Array(repeating: MatchWindow(), count: rules.logs.count)
        series = Array(repeating: [:], count: rules.metrics.count)
        heartbeatFiring = Array(repeating: false, count: rules.heartbeats.count)
        neverReadyFired = Array(repeating: false, count: rules.neverReady.count)
        restartWindows = Array(repeating: [:], count: rules.restarts.count)
        bootWindows = Array(repeating: MatchWindow(), count: rules.boots.count)
        outlierFiring = Array(repeating: false, count: rules.outliers.count)
        outlierLastValue = Array(repeating: nil, count: rules.outliers.count)
    }

    /// Called for every record: it spoke, so a `heartbeat_missing` rule resets.
    @inline(__always)
    func heard(at time: Int64, kind: Evidence.Kind, ref: EvidenceRef) {
        if time > lastSeen { lastSeen = time }
        lastRecord = (kind, ref, time)
        if anyHeartbeatFiring {
            for index in heartbeatFiring.indices { heartbeatFiring[index] = false }
            anyHeartbeatFiring = false
        }
    }
}
