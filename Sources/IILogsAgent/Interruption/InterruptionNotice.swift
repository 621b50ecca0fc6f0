/// A spot-interruption (preemption) notice read from the cloud's metadata endpoint.
public struct InterruptionNotice: Sendable, Hashable, CustomStringConvertible {
    /// Which protocol produced it.
    public var kind: InterruptionSettings.Kind
    /// AWS: `terminate`, `stop` or `hibernate`; GCP: `preempted`.
    public var action: String
    /// When the cloud will act, as it wrote it (AWS: RFC 3339); nil when not given (GCP).
    public var time: String?

    /// Creates a notice.
    public init(kind: InterruptionSettings.Kind, action: String, time: String? = nil) {
        self.kind = kind
        self.action = action
        self.time = time
    }

    /// `aws spot interruption notice: action=terminate time=2026-11-23T17:00:00Z`.
    public var description: String {
        let what = kind == .aws ? "aws spot interruption notice" : "gcp preemption notice"
        return "\(what): action=\(action)" + (time.map { " time=\($0)" } ?? "")
    }
}

/// What one poll of the notice URL found.
public enum InterruptionPoll: Sendable, Hashable {
    /// No notice (AWS 404, GCP `FALSE`).
    case none
    /// The instance is about to be interrupted.
    case notice(InterruptionNotice)
    /// A reply neither protocol expects: the reason, for a (rate-limited) log line.
    case unexpected(String)
}
