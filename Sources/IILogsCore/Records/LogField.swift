/// One named value attached to a record (structured data, journald fields, the tailed file's path).
public struct LogField: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
