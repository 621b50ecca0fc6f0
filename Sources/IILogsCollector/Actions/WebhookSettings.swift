public import IILogsCore

/// One receiver of webhooks.
public struct WebhookEndpointSettings: Sendable, Hashable {
    /// `http://HOST[:PORT]/PATH` (https is refused until the collector has TLS).
    public var url: String
    /// HMAC-SHA256 key for `X-IILogs-Signature` (at least `WebhookSettings.minimumSecretBytes`).
    public var secret: String
    /// Which notifications this endpoint receives.
    public var kinds: Set<ActionNotification.Kind>

    public init(url: String, secret: String, kinds: Set<ActionNotification.Kind> = Set(ActionNotification.Kind.allCases)) {
        self.url = url
        self.secret = secret
        self.kinds = kinds
    }
}

extension WebhookEndpointSettings: CustomStringConvertible, CustomDebugStringConvertible {
    /// The URL and kinds; the secret is never printed.
    public var description: String {
        "\(url) kinds=\(kinds.map(\.rawValue).sorted().joined(separator: ",")) secret=<\(secret.utf8.count) bytes>"
    }

    public var debugDescription: String { description }
}

/// Webhook delivery: endpoints, timeouts, retries and the outbox bound (docs/WEBHOOKS.md).
public struct WebhookSettings: Sendable, Hashable {
    /// Receivers; none = webhooks off.
    public var endpoints: [WebhookEndpointSettings]
    /// Longest wait for a receiver's TCP connection.
    public var connectTimeout: Duration
    /// Longest wait for one whole POST (connect, send, response).
    public var requestTimeout: Duration
    /// Retries: attempts, age, backoff.
    public var retry: RetryPolicy
    /// Undelivered notifications kept in the outbox; a new one beyond this drops the oldest (counted).
    public var maxQueuedNotifications: Int
    /// The delivery log is rotated (one old file kept) beyond this size.
    public var maxDeliveryLogBytes: Int
    /// Response body bytes read into the delivery log's error text on a non-2xx.
    public var maxResponseBytes: Int

    public static let defaultConnectTimeout = Duration.seconds(5)
    public static let defaultRequestTimeout = Duration.seconds(10)
    public static let defaultMaxQueuedNotifications = 10_000
    public static let defaultMaxDeliveryLogBytes = 16 << 20
    public static let defaultMaxResponseBytes = 1024
    /// Shortest secret accepted (a short HMAC key is guessable).
    public static let minimumSecretBytes = 16
    /// Subfolder of the collector's data folder holding `outbox.jsonl` and `deliveries.jsonl`.
    public static let folderName = "webhooks"

    public init(endpoints: [WebhookEndpointSettings] = [],
                connectTimeout: Duration = WebhookSettings.defaultConnectTimeout,
                requestTimeout: Duration = WebhookSettings.defaultRequestTimeout,
                retry: RetryPolicy = RetryPolicy(),
                maxQueuedNotifications: Int = WebhookSettings.defaultMaxQueuedNotifications,
                maxDeliveryLogBytes: Int = WebhookSettings.defaultMaxDeliveryLogBytes,
                maxResponseBytes: Int = WebhookSettings.defaultMaxResponseBytes) {
        self.endpoints = endpoints
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.maxQueuedNotifications = maxQueuedNotifications
        self.maxDeliveryLogBytes = maxDeliveryLogBytes
        self.maxResponseBytes = maxResponseBytes
    }

    /// True when at least one endpoint is configured.
    public var isEnabled: Bool { !endpoints.isEmpty }

    /// The endpoints' parsed URLs, in order; throws naming the first bad one.
    public func parsedURLs() throws(SettingsError) -> [WebhookURL] {
        var urls: [WebhookURL] = []
        for (index, endpoint) in endpoints.enumerated() {
            do {
                urls.append(try WebhookURL(parsing: endpoint.url))
            } catch {
                throw SettingsError(key: "webhooks.endpoints[\(index)].url", problem: error.problem)
            }
        }
        return urls
    }

    /// Checks every setting; the error names the first failing key (`webhooks.endpoints[0].secret`).
    public func validate() throws(SettingsError) {
        let urls = try parsedURLs()
        for (index, endpoint) in endpoints.enumerated() {
            if endpoint.secret.utf8.count < Self.minimumSecretBytes {
                throw SettingsError(key: "webhooks.endpoints[\(index)].secret",
                                    problem: "must be at least \(Self.minimumSecretBytes) bytes (give --webhook-secret-file), got \(endpoint.secret.utf8.count)")
            }
            if endpoint.kinds.isEmpty {
                throw SettingsError(key: "webhooks.endpoints[\(index)].kinds", problem: "must name at least one notification kind")
            }
        }
        if Set(urls.map(\.description)).count != urls.count {
            throw SettingsError(key: "webhooks.endpoints", problem: "must not list the same URL twice")
        }
        if connectTimeout <= .zero { throw SettingsError(key: "webhooks.connectTimeout", problem: "must be positive") }
        if requestTimeout < connectTimeout {
            throw SettingsError(key: "webhooks.requestTimeout", problem: "must be at least webhooks.connectTimeout")
        }
        try retry.validate(prefix: "webhooks.retry.")
        if maxQueuedNotifications < 1 {
            throw SettingsError(key: "webhooks.maxQueuedNotifications", problem: "must be at least 1, got \(maxQueuedNotifications)")
        }
        if maxDeliveryLogBytes < 4096 {
            throw SettingsError(key: "webhooks.maxDeliveryLogBytes", problem: "must be at least 4096, got \(maxDeliveryLogBytes)")
        }
        if maxResponseBytes < 0 {
            throw SettingsError(key: "webhooks.maxResponseBytes", problem: "must not be negative, got \(maxResponseBytes)")
        }
    }
}
