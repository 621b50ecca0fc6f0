import IILogsQueryParsing

extension APIError {
    /// The 400 `bad_parameter` for a query parameter the pure parsers refused.
    init(_ error: QueryParameterError) {
        self = .badParameter(error.parameter, error.problem)
    }
}
