/// The instance identity could not be resolved; the message says what to set and where.
public struct IdentityResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for code that reacts to it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable { case missingImageVersion, missingInstanceID, malformedSource, invalid }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No source gave an image version (it is never guessed).
        public static let missingImageVersion = Code(.missingImageVersion)
        /// No source gave an instance ID and the host name was unavailable.
        public static let missingInstanceID = Code(.missingInstanceID)
        /// An identity source (environment variable, baked file, cloud-init data) is malformed.
        public static let malformedSource = Code(.malformedSource)
        /// The resolved identity fails ``InstanceIdentity/validate()``.
        public static let invalid = Code(.invalid)

        public var description: String { "\(value)" }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
