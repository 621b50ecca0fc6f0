/// Something that can be asked whether an interruption notice is out (the metadata endpoint, or a fake in tests).
public protocol InterruptionNoticeSource: Sendable {
    /// One poll; throws when the endpoint cannot be reached.
    func poll() async throws -> InterruptionPoll
}
