/// Polls a cloud metadata endpoint for an interruption notice, speaking the protocol of
/// ``InterruptionSettings/Kind`` (IMDSv2 tokens for AWS, `Metadata-Flavor: Google` for GCP).
///
/// AWS: a token is requested with `PUT /latest/api/token` on the notice URL's host and kept until a
/// minute before its TTL ends; a 401 drops it (renewed on the next poll). When the token request gets
/// an HTTP error status (an IMDSv1-only endpoint), the GET is sent without a token.
public actor MetadataNoticeReader: InterruptionNoticeSource {
    /// AWS header asking for a token of this many seconds.
    public static let tokenTTLHeader = "X-aws-ec2-metadata-token-ttl-seconds"
    /// AWS header carrying the token.
    public static let tokenHeader = "X-aws-ec2-metadata-token"
    /// AWS token path.
    public static let tokenPath = "/latest/api/token"
    /// Longest token accepted.
    public static let maxTokenBytes = 1024

    let url: MetadataURL
    let kind: InterruptionSettings.Kind
    let tokenTTL: Duration
    let client: MetadataHTTPClient
    var token: (value: String, renewAt: ContinuousClock.Instant)?

    /// A reader of `url`.
    public init(url: MetadataURL, kind: InterruptionSettings.Kind, tokenTTL: Duration = .seconds(21_600), client: MetadataHTTPClient) {
        self.url = url
        self.kind = kind
        self.tokenTTL = tokenTTL
        self.client = client
    }

    public func poll() async throws -> InterruptionPoll {
        switch kind {
        case .gcp:
            let reply = try await client.send("GET", to: url, headers: [("Metadata-Flavor", "Google")])
            return InterruptionNoticeParser.parse(kind: .gcp, status: reply.status, body: reply.body)
        case .aws:
            let current = try await currentToken()
            let reply = try await client.send("GET", to: url, headers: current.map { [(Self.tokenHeader, $0)] } ?? [])
            if reply.status == 401 { token = nil }
            return InterruptionNoticeParser.parse(kind: .aws, status: reply.status, body: reply.body)
        }
    }

    /// The cached IMDSv2 token, a new one, or nil when the endpoint refuses tokens (IMDSv1).
    func currentToken() async throws -> String? {
        let now = ContinuousClock.now
        if let token, now < token.renewAt { return token.value }
        let seconds = tokenTTL.components.seconds
        let reply = try await client.send("PUT", to: url.with(path: Self.tokenPath), headers: [(Self.tokenTTLHeader, "\(seconds)")])
        guard reply.status == 200, !reply.body.isEmpty, reply.body.count <= Self.maxTokenBytes,
              reply.body.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            token = nil
            return nil
        }
        let value = String(decoding: reply.body, as: UTF8.self)
        token = (value, now.advanced(by: max(.zero, tokenTTL - .seconds(60))))
        return value
    }
}
