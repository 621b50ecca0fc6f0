public import IILogsCore

/// One record behind a flag: its reference into the store, its time and a short text for people.
public struct Evidence: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case log, metric, event
    }

    public var kind: Kind
    public var ref: EvidenceRef
    public var time: Timestamp
    /// The log message (cut to ``EngineLimits/maxEvidenceTextBytes``), `name{labels} = value` for a
    /// sample, the event name and detail for an event.
    public var text: String

    public init(kind: Kind, ref: EvidenceRef, time: Timestamp, text: String) {
        self.kind = kind
        self.ref = ref
        self.time = time
        self.text = text
    }
}
