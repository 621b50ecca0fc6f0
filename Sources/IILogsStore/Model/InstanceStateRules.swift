import IILogsCore

/// Derives an instance's state from what its row records (pure, so each rule is tested alone).
///
/// - `terminated`: a `shutdown` or `terminated` event at or after the last `boot`.
/// - `terminating`: a `terminating` event after the last boot, and the instance spoke within `lostAfter`;
///   silent for longer than that it counts as `terminated` (it said goodbye).
/// - `lost`: no such event and silent for longer than `lostAfter`.
/// - `running`: otherwise. A `boot` after a shutdown makes the instance running again.
/// `quarantined` is not produced here (rules, issue 5).
enum InstanceStateRules {
    struct Facts {
        var lastSeen: Int64
        var lastBootAt: Int64?
        var terminatingAt: Int64?
        var terminatedAt: Int64?
    }

    static func state(_ facts: Facts, now: Timestamp, lostAfter: Duration) -> InstanceState {
        func afterLastBoot(_ time: Int64?) -> Bool {
            guard let time else { return false }
            guard let boot = facts.lastBootAt else { return true }
            return time >= boot
        }
        let silentFor = now.nanosecondsSinceEpoch.subtractingReportingOverflow(facts.lastSeen)
        let silent = silentFor.overflow ? now.nanosecondsSinceEpoch > facts.lastSeen : silentFor.partialValue > lostAfter.totalNanoseconds
        if afterLastBoot(facts.terminatedAt) { return .terminated }
        if afterLastBoot(facts.terminatingAt) { return silent ? .terminated : .terminating }
        return silent ? .lost : .running
    }
}
