/// A store failure with a code callers can act on, a message that says what to do, and the cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case unavailable, corruptChunk, invalidQuery, closed, migration, io }
        private let base: Base
        public static let unavailable = Code(base: .unavailable)
        public static let corruptChunk = Code(base: .corruptChunk)
        public static let invalidQuery = Code(base: .invalidQuery)
        public static let closed = Code(base: .closed)
        public static let migration = Code(base: .migration)
        public static let io = Code(base: .io)
        public var description: String { "\(base)" }
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "store \(code): \(message) (\(underlying))" }
        return "store \(code): \(message)"
    }
}
