public import IILogsCore

/// Derives an instance's state from its lifecycle facts (pure, so each rule is tested alone). In order:
///
/// - `terminated`: a deployer's `terminated` (final: it closes the instance whatever follows), or the
///   agent's `shutdown`/`terminated` at or after the last `boot` (a later `boot` is a reboot: running again).
/// - `quarantined`: a `quarantined-by-deployer` (or a rule's `quarantined-by-rule`) not followed by `quarantine-released`.
/// - `terminating`: the agent's `terminating` or a deployer's `terminate-requested` after the last boot,
///   and the instance spoke within `lostAfter`; silent for longer than that it counts as `terminated`
///   (someone said goodbye).
/// - `lost`: none of these and silent for longer than `lostAfter`.
/// - `running`: otherwise.
///
/// The registry evaluates it over columns of the instance row; the timeline over the events replayed one
/// by one (``Facts/apply(_:)``), so both agree.
package enum InstanceStateRules {
    package struct Facts: Sendable, Hashable {
        /// Last sign of life (batch, event, heartbeat), nanoseconds.
        package var lastSeen: Int64
        package var lastBootAt: Int64?
        /// Agent `terminating` or deployer `terminate-requested`.
        package var terminatingAt: Int64?
        /// Agent `shutdown` or `terminated`.
        package var terminatedAt: Int64?
        /// Deployer `terminated`.
        package var closedAt: Int64?
        package var quarantinedAt: Int64?
        package var releasedAt: Int64?

        package init(lastSeen: Int64, lastBootAt: Int64? = nil, terminatingAt: Int64? = nil, terminatedAt: Int64? = nil,
             closedAt: Int64? = nil, quarantinedAt: Int64? = nil, releasedAt: Int64? = nil) {
            self.lastSeen = lastSeen
            self.lastBootAt = lastBootAt
            self.terminatingAt = terminatingAt
            self.terminatedAt = terminatedAt
            self.closedAt = closedAt
            self.quarantinedAt = quarantinedAt
            self.releasedAt = releasedAt
        }

        /// Folds one event in (order does not matter: every mark keeps its newest time).
        package mutating func apply(_ stored: StoredEvent) {
            let t = stored.event.time.nanosecondsSinceEpoch
            func newest(_ old: Int64?) -> Int64 { max(old ?? t, t) }
            switch (stored.source, stored.event.name) {
            case (.agent, .boot): lastBootAt = newest(lastBootAt)
            case (.agent, .terminating), (.deployer, .terminateRequested): terminatingAt = newest(terminatingAt)
            case (.agent, .shutdown), (.agent, .terminated): terminatedAt = newest(terminatedAt)
            case (.deployer, .terminated): closedAt = newest(closedAt)
            case (.deployer, .quarantinedByDeployer), (.deployer, .quarantinedByRule): quarantinedAt = newest(quarantinedAt)
            case (_, .quarantineReleased): releasedAt = newest(releasedAt)
            default: break
            }
        }
    }

    package static func state(_ facts: Facts, now: Timestamp, lostAfter: Duration) -> InstanceState {
        func afterLastBoot(_ time: Int64?) -> Bool {
            guard let time else { return false }
            guard let boot = facts.lastBootAt else { return true }
            return time >= boot
        }
        let silentFor = now.nanosecondsSinceEpoch.subtractingReportingOverflow(facts.lastSeen)
        let silent = silentFor.overflow ? now.nanosecondsSinceEpoch > facts.lastSeen : silentFor.partialValue > lostAfter.totalNanoseconds
        if facts.closedAt != nil { return .terminated }
        if afterLastBoot(facts.terminatedAt) { return .terminated }
        if let quarantined = facts.quarantinedAt, facts.releasedAt.map({ $0 < quarantined }) ?? true { return .quarantined }
        if afterLastBoot(facts.terminatingAt) { return silent ? .terminated : .terminating }
        return silent ? .lost : .running
    }
}

extension InstanceState {
    /// The state the registry derives from `events` (any order) when the instance was last seen at `lastSeen`.
    public static func derive(events: [StoredEvent], lastSeen: Timestamp, now: Timestamp, lostAfter: Duration) -> InstanceState {
        var facts = InstanceStateRules.Facts(lastSeen: lastSeen.nanosecondsSinceEpoch)
        for event in events { facts.apply(event) }
        return InstanceStateRules.state(facts, now: now, lostAfter: lostAfter)
    }
}
