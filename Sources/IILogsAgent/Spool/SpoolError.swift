/// A spool operation that failed, with the path or limit involved.
public struct SpoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case io, entryTooLarge, closed, sequenceMismatch }
        private let base: Base
        /// A system call failed (the message names it, the path and errno).
        public static let io = Code(base: .io)
        /// One entry is larger than the spool may ever hold.
        public static let entryTooLarge = Code(base: .entryTooLarge)
        /// The spool was closed.
        public static let closed = Code(base: .closed)
        /// An append was made with a sequence other than the next one.
        public static let sequenceMismatch = Code(base: .sequenceMismatch)
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed and what to do about it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "spool \(code): \(message)" }
}
