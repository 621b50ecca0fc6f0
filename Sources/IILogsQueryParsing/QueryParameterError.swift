/// A query parameter that cannot be used: which one and why. The collector turns it into a 400
/// `bad_parameter` (`APIError.badParameter`); this target stays free of the HTTP server so the fuzz
/// target can reach the parsers.
public struct QueryParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter's name.
    public var parameter: String
    /// What is wrong with it.
    public var problem: String

    /// Creates an error naming `parameter`.
    public init(_ parameter: String, _ problem: String) {
        self.parameter = parameter
        self.problem = problem
    }

    public var description: String { "\(parameter): \(problem)" }

    /// An `unknown parameter` error for the first name (in sorted order) not in `known`, if any.
    static func unknown(in parameters: [String: String], known: Set<String>) -> QueryParameterError? {
        parameters.keys.sorted().first { !known.contains($0) }.map {
            QueryParameterError($0, "unknown parameter; known: \(known.sorted().joined(separator: ", "))")
        }
    }
}
