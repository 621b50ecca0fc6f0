public import IILogsCore

/// When an instance was last heard and by which collector (``LogStore/receptions(instanceIDs:)``).
public struct InstanceReception: Sendable, Hashable {
    /// Collector clock time of the newest batch received from the instance (`InstanceSummary.lastSeen`).
    public var lastSeen: Timestamp
    /// The ``IngestBatch/receivedBy`` of that batch; empty when the collector that stored it gave none.
    public var receivedBy: String

    public init(lastSeen: Timestamp, receivedBy: String) {
        self.lastSeen = lastSeen
        self.receivedBy = receivedBy
    }
}
