/// `never_ready`: fires when an instance recorded `boot` but no `ready` within `within`, and did not
/// start terminating meanwhile.
public struct NeverReadyCondition: Sendable, Hashable {
    public var within: Duration

    public init(within: Duration) {
        self.within = within
    }
}
