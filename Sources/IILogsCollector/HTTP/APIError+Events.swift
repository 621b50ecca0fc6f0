import Hummingbird

extension APIError {
    /// 400 for a posted event that cannot be stored; the message starts with the field.
    public static func badEvent(_ field: String, _ problem: String) -> APIError {
        APIError(status: .badRequest, code: "bad_event", message: "\(field): \(problem)")
    }

    /// 409 for an event that contradicts what the collector knows (an instance's image never changes).
    public static func conflict(_ field: String, _ problem: String) -> APIError {
        APIError(status: .conflict, code: "conflict", message: "\(field): \(problem)")
    }
}
