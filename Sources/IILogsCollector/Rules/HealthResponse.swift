public import IILogsRules

/// The body of `GET /v1/images/{V}/health` and `/gate`: the ``ImageHealthReport`` as it is, plus
/// `registry` (the store's instance counts by state), at the top level so that a JSON path like
/// `$.verdict` reads it.
public struct HealthResponse: Encodable, Sendable {
    public var report: ImageHealthReport
    /// State name → instances of the image in the registry (its whole history, not only since start-up).
    public var registry: [String: Int]

    public init(report: ImageHealthReport, registry: [String: Int]) {
        self.report = report
        self.registry = registry
    }

    enum CodingKeys: String, CodingKey { case registry }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(registry, forKey: .registry)
    }
}
