public import IILogsCore

/// One event a deployer announced, validated, as the store records it.
public struct DeployerEvent: Sendable, Hashable {
    public var instanceID: String
    /// The image the deployer launched the instance from; creates the instance under it when unknown.
    public var imageVersion: String
    /// One of ``LifecycleEvent/Name/deployerNames``.
    public var name: LifecycleEvent.Name
    public var time: Timestamp
    public var detail: String
    /// Idempotency key, unique per instance: the deployer's `id`, else derived from (event, time).
    public var id: String

    public init(instanceID: String, imageVersion: String, name: LifecycleEvent.Name, time: Timestamp, detail: String = "", id: String? = nil) {
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.name = name
        self.time = time
        self.detail = detail
        self.id = id ?? Self.derivedID(name: name, time: time)
    }

    /// The key used when the deployer gave no `id`: the same (instance, event, time) is stored once.
    public static func derivedID(name: LifecycleEvent.Name, time: Timestamp) -> String {
        "\(name.rawValue)@\(time.nanosecondsSinceEpoch)"
    }

    /// The event as a stored lifecycle event (no boot: a deployer does not know it).
    public var lifecycleEvent: LifecycleEvent {
        LifecycleEvent(time: time, name: name, detail: detail)
    }
}

/// What recording one deployer event did.
public enum DeployerEventOutcome: String, Sendable, Hashable, Codable {
    /// Stored now.
    case created
    /// An event with the same id was already stored for this instance; nothing changed.
    case duplicate
}
