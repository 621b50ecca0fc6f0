/// A failure talking to a collector: connection, HTTP status, or an undecodable answer.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case badEndpoint, connection, http, decoding, timeout }
        private let base: Base
        public static let badEndpoint = Code(base: .badEndpoint)
        public static let connection = Code(base: .connection)
        public static let http = Code(base: .http)
        public static let decoding = Code(base: .decoding)
        public static let timeout = Code(base: .timeout)
        public var description: String { "\(base)" }
    }

    public var code: Code
    public var message: String
    /// The HTTP status when `code == .http`.
    public var status: Int?

    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }
}
