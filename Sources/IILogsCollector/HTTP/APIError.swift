public import Hummingbird
import IILogsCore
public import IILogsStore

/// An HTTP API failure: its status and the `{"error": {"code", "message"}}` body (``APIErrorBody``).
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// Stable machine-readable code: `bad_parameter`, `not_found`, `store_unavailable`, …
    public var code: String
    /// What went wrong, naming the parameter.
    public var message: String

    public init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// 400 for a query parameter that cannot be used.
    public static func badParameter(_ name: String, _ problem: String) -> APIError {
        APIError(status: .badRequest, code: "bad_parameter", message: "\(name): \(problem)")
    }

    /// 404 for a resource that does not exist.
    public static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    /// The status a store failure maps to: a bad query is the client's, anything else 503.
    public static func store(_ error: StoreError) -> APIError {
        if error.code == .invalidQuery {
            return APIError(status: .badRequest, code: "invalid_query", message: error.message)
        }
        return APIError(status: .serviceUnavailable, code: "store_unavailable", message: error.description)
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody(APIErrorBody(code: code, message: message), status: status).response()
    }
}
