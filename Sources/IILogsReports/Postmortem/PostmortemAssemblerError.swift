/// Why a post-mortem could not be assembled. Missing data (no metrics, no siblings) is not an error: it
/// becomes a note in the report.
public struct PostmortemAssemblerError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        /// The instance ID is not known to the data source.
        case unknownInstance
        /// The image version is not known to the data source.
        case unknownImage
        /// An option is out of range.
        case invalidOptions
    }

    public var code: Code
    /// What went wrong and what to do, in words.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
