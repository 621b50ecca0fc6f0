import NIOCore

/// Sends one signed webhook body and reports what came back. The dispatcher uses
/// ``HTTPWebhookTransport``; tests may supply their own to run without sockets.
public protocol WebhookTransport: Sendable {
    func send(_ url: WebhookURL, body: [UInt8], headers: [(String, String)]) async -> DeliveryState.AttemptOutcome
}

/// The real transport: an HTTP/1.1 POST over ``HTTPPostClient``.
public struct HTTPWebhookTransport: WebhookTransport {
    public var client: HTTPPostClient

    public init(client: HTTPPostClient) {
        self.client = client
    }

    public func send(_ url: WebhookURL, body: [UInt8], headers: [(String, String)]) async -> DeliveryState.AttemptOutcome {
        do {
            return .status(try await client.post(url, body: ByteBuffer(bytes: body), headers: headers).status)
        } catch {
            return .failed(error.description)
        }
    }
}
