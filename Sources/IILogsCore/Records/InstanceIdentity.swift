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
        // Field by field, not a loop over an array of pairs: plain syslog validates every line's identity.
        try Self.validateIdentifier(instanceID, field: "instanceID")
        try Self.validateIdentifier(imageVersion, field: "imageVersion")
        if bootID.utf8.count > Self.maxIdentifierLength {
            throw IdentityError(field: "bootID", problem: "mustn't exceed \(Self.maxIdentifierLength) bytes")
        }
    }
}

extension InstanceIdentity {
    /// An instance ID or image version: not empty, at most ``maxIdentifierLength`` bytes, no space or control.
    private static func validateIdentifier(_ value: String, field: @autoclosure () -> String) throws(IdentityError) {
        if value.isEmpty { throw IdentityError(field: field(), problem: "must not be empty") }
        if value.utf8.count > maxIdentifierLength {
            throw IdentityError(field: field(), problem: "is \(value.utf8.count) bytes; mustn't exceed \(maxIdentifierLength)")
        }
        if containsSpaceOrControl(value) {
            throw IdentityError(field: field(), problem: "must not contain spaces or control characters")
        }
    }

    /// True when `value` holds a space or a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F).
    ///
    /// On UTF-8 bytes, not scalar properties: plain syslog validates the identity of every line it receives.
    /// U+0080–U+009F are the only Cc scalars outside ASCII, encoded as 0xC2 followed by 0x80–0x9F.
    static func containsSpaceOrControl(_ value: String) -> Bool {
        var previous: UInt8 = 0
        for byte in value.utf8 {
            if byte <= 0x20 || byte == 0x7F || (previous == 0xC2 && byte <= 0x9F && byte >= 0x80) { return true }
            previous = byte
        }
        return false
    }
}

/// An identity field that a collector cannot accept.
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { "identity.\(field) \(problem)" }
}
