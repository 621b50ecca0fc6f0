/// One event in an instance's life.
public struct TimelineEntry: Codable, Sendable, Hashable {
    public var time: String
    /// A short kind (`boot`, `agent-start`, `deploy`, `flag`, `terminating`, `lost`).
    public var kind: String
    public var text: String

    public init(time: String, kind: String, text: String) {
        self.time = time
        self.kind = kind
        self.text = text
    }
}
