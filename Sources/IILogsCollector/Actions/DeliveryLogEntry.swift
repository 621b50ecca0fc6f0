public import IILogsCore

/// One line of `webhooks/deliveries.jsonl`: one attempt (or drop) of one notification to one endpoint.
///
/// ```
/// {"attempt":1,"duration_ms":3,"endpoint":"http://127.0.0.1:9000/hook","id":"flag-7","outcome":"retry","status":500,"time":"…Z"}
/// {"attempt":2,"duration_ms":1,"endpoint":"…","error":"connection refused …","id":"flag-7","outcome":"retry","time":"…Z"}
/// ```
public struct DeliveryLogEntry: Sendable, Hashable, Codable {
    /// The notification's id.
    public var id: String
    /// The endpoint's URL.
    public var endpoint: String
    /// Attempt number since the collector started (1-based; 0 for a drop without an attempt).
    public var attempt: Int
    /// When the attempt started.
    public var time: Timestamp
    /// HTTP status, when the receiver answered.
    public var status: Int?
    /// Why there was no answer (or why it was dropped).
    public var error: String?
    /// Time from connect to the end of the response, in milliseconds.
    public var durationMilliseconds: Int64
    /// What follows: acknowledged, retry, gave_up, dropped.
    public var outcome: DeliveryOutcome

    public init(id: String, endpoint: String, attempt: Int, time: Timestamp, status: Int? = nil, error: String? = nil,
                durationMilliseconds: Int64, outcome: DeliveryOutcome) {
        self.id = id
        self.endpoint = endpoint
        self.attempt = attempt
        self.time = time
        self.status = status
        self.error = error
        self.durationMilliseconds = durationMilliseconds
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case id, endpoint, attempt, time, status, error, durationMilliseconds = "duration_ms", outcome
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        endpoint = try c.decode(String.self, forKey: .endpoint)
        attempt = try c.decode(Int.self, forKey: .attempt)
        let text = try c.decode(String.self, forKey: .time)
        guard let parsed = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not an RFC 3339 time")
        }
        time = parsed
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        durationMilliseconds = try c.decode(Int64.self, forKey: .durationMilliseconds)
        outcome = try c.decode(DeliveryOutcome.self, forKey: .outcome)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(RFC3339.format(time), forKey: .time)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(durationMilliseconds, forKey: .durationMilliseconds)
        try c.encode(outcome, forKey: .outcome)
    }
}
