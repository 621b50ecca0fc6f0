public import IILogsCore

extension LogStore {
    /// Sequence gaps listed at most in a timeline (each is one entry).
    public static var maxTimelineSequenceGaps: Int { 1000 }

    /// What the store knows about `instanceID` for its timeline; nil when the instance is unknown.
    public func history(instanceID: String, now: Timestamp, lostAfter: Duration) async throws(StoreError) -> InstanceHistory? {
        let filter = InstanceFilter(instanceID: instanceID, now: now, lostAfter: lostAfter)
        guard let summary = try await instances(filter).first(where: { $0.identity.instanceID == instanceID }) else { return nil }
        let events = try await events(instanceID: instanceID)
        let first = try await queryLogs(LogQuery(scope: .instance(instanceID), limit: 1, keep: .oldest)).lines.first
        let last = try await queryLogs(LogQuery(scope: .instance(instanceID), limit: 1, keep: .newest)).lines.first
        let gaps = try await sequenceGaps(instanceID: instanceID, limit: Self.maxTimelineSequenceGaps)
        return InstanceHistory(summary: summary, events: events, firstLine: first, lastLine: last, sequenceGaps: gaps)
    }

    /// The instance's ``Timeline``; nil when the instance is unknown.
    public func timeline(instanceID: String, now: Timestamp, lostAfter: Duration,
                         settings: TimelineBuilder.Settings = TimelineBuilder.Settings()) async throws(StoreError) -> Timeline? {
        guard let history = try await history(instanceID: instanceID, now: now, lostAfter: lostAfter) else { return nil }
        return TimelineBuilder.build(history, now: now, lostAfter: lostAfter, settings: settings)
    }
}
