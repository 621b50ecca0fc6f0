/// Sequence numbers of one agent stream that never arrived (a hole below the highest stored).
public struct SequenceGap: Sendable, Hashable {
    public var streamID: UInt64
    public var firstMissing: UInt64
    public var lastMissing: UInt64

    public init(streamID: UInt64, firstMissing: UInt64, lastMissing: UInt64) {
        self.streamID = streamID
        self.firstMissing = firstMissing
        self.lastMissing = lastMissing
    }

    public var count: UInt64 { lastMissing - firstMissing + 1 }
}
