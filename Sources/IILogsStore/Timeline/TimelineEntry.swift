public import IILogsCore

/// One line of a ``Timeline``.
public struct TimelineEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// A lifecycle event (``source`` says from whom).
        case event
        /// A new boot ID for the same instance.
        case reboot
        /// The derived state changed (``from`` → ``to``).
        case state
        /// The oldest stored log line.
        case firstLog = "first-log"
        /// The newest stored log line.
        case lastLog = "last-log"
        /// Shipping stopped for a while (heartbeat silence) or batches never arrived (sequence gap).
        case gap
        /// The instance is over (terminated or lost); always last.
        case end
    }

    /// Nil only for sequence gaps: the store does not keep when a batch would have arrived.
    public var time: Timestamp?
    public var kind: Kind
    /// Event name, `heartbeat-silence` or `sequence` for gaps, the new state for state changes.
    public var name: String
    public var source: LifecycleSource?
    public var bootID: String?
    public var detail: String
    public var from: InstanceState?
    public var to: InstanceState?
    /// End of a silence gap.
    public var until: Timestamp?
    /// A sequence gap.
    public var sequenceGap: SequenceGap?

    public init(time: Timestamp?, kind: Kind, name: String, source: LifecycleSource? = nil, bootID: String? = nil, detail: String = "",
                from: InstanceState? = nil, to: InstanceState? = nil, until: Timestamp? = nil, sequenceGap: SequenceGap? = nil) {
        self.time = time
        self.kind = kind
        self.name = name
        self.source = source
        self.bootID = bootID
        self.detail = detail
        self.from = from
        self.to = to
        self.until = until
        self.sequenceGap = sequenceGap
    }
}
