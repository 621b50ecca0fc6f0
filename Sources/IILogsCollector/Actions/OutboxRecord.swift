public import IILogsCore

/// One line of `webhooks/outbox.jsonl`: a notification queued for some endpoints, or one endpoint done with it.
///
/// ```
/// {"endpoints":["http://a:80/hook"],"notification":{…},"op":"queued","queued_at":"2026-…Z"}
/// {"endpoint":"http://a:80/hook","id":"flag-7","op":"done","outcome":"acknowledged"}
/// ```
/// A notification is pending for an endpoint from its `queued` line until a `done` line for that
/// endpoint follows. Opening the outbox replays the lines and rewrites the file with what is pending.
public enum OutboxRecord: Sendable, Hashable, Codable {
    case queued(notification: ActionNotification, endpoints: [String], queuedAt: Timestamp)
    case done(id: String, endpoint: String, outcome: DeliveryOutcome)

    enum CodingKeys: String, CodingKey {
        case op, notification, endpoints, queuedAt = "queued_at", id, endpoint, outcome
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .op) {
        case "queued":
            let text = try c.decode(String.self, forKey: .queuedAt)
            guard let time = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: .queuedAt, in: c, debugDescription: "not an RFC 3339 time")
            }
            self = .queued(notification: try c.decode(ActionNotification.self, forKey: .notification),
                           endpoints: try c.decode([String].self, forKey: .endpoints), queuedAt: time)
        case "done":
            self = .done(id: try c.decode(String.self, forKey: .id), endpoint: try c.decode(String.self, forKey: .endpoint),
                         outcome: try c.decode(DeliveryOutcome.self, forKey: .outcome))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .op, in: c, debugDescription: "unknown op \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .queued(let notification, let endpoints, let queuedAt):
            try c.encode("queued", forKey: .op)
            try c.encode(notification, forKey: .notification)
            try c.encode(endpoints, forKey: .endpoints)
            try c.encode(RFC3339.format(queuedAt), forKey: .queuedAt)
        case .done(let id, let endpoint, let outcome):
            try c.encode("done", forKey: .op)
            try c.encode(id, forKey: .id)
            try c.encode(endpoint, forKey: .endpoint)
            try c.encode(outcome, forKey: .outcome)
        }
    }
}

/// How one notification's delivery to one endpoint ended, or how one attempt went (delivery log).
public enum DeliveryOutcome: String, Sendable, Hashable, Codable {
    /// The receiver answered 2xx.
    case acknowledged
    /// The attempt failed; another follows after a backoff.
    case retry
    /// `maxAttempts` or `maxAge` reached.
    case gaveUp = "gave_up"
    /// Removed unsent: the outbox was full (`maxQueuedNotifications`) or the endpoint is no longer configured.
    case dropped
}
