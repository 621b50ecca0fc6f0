/// What the store knows about one instance, the input of ``TimelineBuilder/build(_:now:lostAfter:settings:)``.
public struct InstanceHistory: Sendable, Hashable {
    /// The registry row (identity, first and last seen).
    public var summary: InstanceSummary
    /// Lifecycle events from the agent and deployers, in any order.
    public var events: [StoredEvent]
    public var firstLine: StoredLogLine?
    public var lastLine: StoredLogLine?
    public var sequenceGaps: [SequenceGap]

    public init(summary: InstanceSummary, events: [StoredEvent], firstLine: StoredLogLine? = nil, lastLine: StoredLogLine? = nil,
                sequenceGaps: [SequenceGap] = []) {
        self.summary = summary
        self.events = events
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.sequenceGaps = sequenceGaps
    }
}
