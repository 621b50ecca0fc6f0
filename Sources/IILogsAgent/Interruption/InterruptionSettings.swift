public import IILogsCore

/// Polling the cloud's metadata endpoint for a spot-interruption (preemption) notice
/// (`interruption.*`; off unless ``url`` is set; docs/AGENT.md).
///
/// - AWS (``Kind/aws``): `http://169.254.169.254/latest/meta-data/spot/instance-action`. IMDSv2: a token
///   from `PUT /latest/api/token` (header `X-aws-ec2-metadata-token-ttl-seconds`) is sent as
///   `X-aws-ec2-metadata-token`; when the token request is refused with an HTTP status the GET goes
///   without one (IMDSv1). 404 means no notice; 200 carries `{"action": "terminate"|"stop", "time": …}`.
/// - GCP (``Kind/gcp``): `http://metadata.google.internal/computeMetadata/v1/instance/preempted` with
///   `Metadata-Flavor: Google`; the body `TRUE` is the notice.
public struct InterruptionSettings: Sendable, Hashable {
    /// Which cloud's metadata protocol the URL speaks.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case aws
        case gcp
    }

    /// The AWS instance-metadata URL of the spot instance action.
    public static let awsURL = "http://169.254.169.254/latest/meta-data/spot/instance-action"
    /// The GCP metadata URL of the preemption flag.
    public static let gcpURL = "http://metadata.google.internal/computeMetadata/v1/instance/preempted"

    /// `interruption.url`: the notice URL; nil (the default) disables polling.
    public var url: String?
    /// `interruption.kind`: `aws` (default) or `gcp`.
    public var kind: Kind = .aws
    /// `interruption.pollInterval`: between two polls (AWS gives two minutes' notice; GCP thirty seconds).
    public var pollInterval: Duration = .seconds(5)
    /// `interruption.requestTimeout`: bound on one HTTP exchange (connect, send, read).
    public var requestTimeout: Duration = .seconds(2)
    /// `interruption.tokenTTL`: lifetime asked for an IMDSv2 token; it is renewed a minute before it ends.
    public var tokenTTL: Duration = .seconds(21_600)
    /// `interruption.failureLogInterval`: at most one log line about failed polls per interval.
    public var failureLogInterval: Duration = .seconds(60)

    /// Polling off.
    public init() {}

    /// Checks the settings; the error names the key.
    public func validate() throws(SettingsError) {
        guard let url else { return }
        if MetadataURL(parsing: url) == nil {
            throw SettingsError(key: "interruption.url", problem: "must be http://HOST[:PORT]/PATH, got \"\(url)\"")
        }
        if pollInterval < .milliseconds(100) || pollInterval > .seconds(600) {
            throw SettingsError(key: "interruption.pollInterval", problem: "must be 100ms–600s, got \(pollInterval)")
        }
        if requestTimeout < .milliseconds(10) || requestTimeout > .seconds(60) {
            throw SettingsError(key: "interruption.requestTimeout", problem: "must be 10ms–60s, got \(requestTimeout)")
        }
        if tokenTTL < .seconds(120) || tokenTTL > .seconds(21_600) {
            throw SettingsError(key: "interruption.tokenTTL", problem: "must be 120s–21600s (the IMDSv2 range), got \(tokenTTL)")
        }
        if failureLogInterval < .zero { throw SettingsError(key: "interruption.failureLogInterval", problem: "must not be negative") }
    }
}
