/// Who produced a record: bound once per connection, never repeated per line.
public struct InstanceIdentity: Sendable, Hashable, Codable {
    /// Cloud instance ID (`i-0abc…`) or any stable host identifier.
    public var instanceID: String
    /// The image version the instance was launched from (`v42`, an AMI ID, a git SHA).
    public var imageVersion: String
    /// The kernel's boot ID (`/proc/sys/kernel/random/boot_id`), empty when unknown.
    public var bootID: String
    /// Optional fleet labels: service, region, zone, instance type, … Sorted by name when encoded.
    public var labels: [String: String]

    public init(instanceID: String, imageVersion: String, bootID: String = "", labels: [String: String] = [:]) {
        self.instanceID = instanceID
        self.imageVersion = imageVersion
        self.bootID = bootID
        self.labels = labels
    }

    /// Longest instance ID or image version accepted (bytes of UTF-8).
    public static let maxIdentifierLength = 256

    /// Checks the fields a collector relies on; the error names the failing field.
    public func validate() throws(IdentityError) {
        for (field, value) in [("instanceID", instanceID), ("imageVersion", imageVersion)] {
            if value.isEmpty { throw IdentityError(field: field, problem: "must not be empty") }
            if value.utf8.count > Self.maxIdentifierLength {
                throw IdentityError(field: field, problem: "is \(value.utf8.count) bytes; mustn't exceed \(Self.maxIdentifierLength)")
            }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
                throw IdentityError(field: field, problem: "must not contain spaces or control characters")
            }
        }
        if bootID.utf8.count > Self.maxIdentifierLength {
            throw IdentityError(field: "bootID", problem: "mustn't exceed \(Self.maxIdentifierLength) bytes")
        }
    }
}

/// An identity field that a collector cannot accept.
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { "identity.\(field) \(problem)" }
}
