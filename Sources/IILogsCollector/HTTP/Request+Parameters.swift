public import Hummingbird

extension Request {
    /// Query parameters as name → value (percent-decoded); a repeated name keeps its first value.
    public var queryDictionary: [String: String] {
        var out: [String: String] = [:]
        for (key, value) in uri.queryParameters where out[String(key)] == nil {
            out[String(key)] = String(value)
        }
        return out
    }
}
