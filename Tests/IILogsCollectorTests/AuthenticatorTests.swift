import Testing
@testable import IILogsCollector

@Suite struct AuthenticatorTests {
    @Test func noTokenAcceptsAnyAgent() {
        #expect(Authenticator(fleetToken: nil).accepts("anything"))
        #expect(Authenticator(fleetToken: "").accepts(""))
        #expect(Authenticator(fleetToken: "").isOpen)
    }

    @Test func onlyTheExactTokenIsAccepted() {
        let auth = Authenticator(fleetToken: "s3cret")
        #expect(!auth.isOpen)
        #expect(auth.accepts("s3cret"))
        #expect(!auth.accepts(""))
        #expect(!auth.accepts("s3cre"))
        #expect(!auth.accepts("s3cret!"))
        #expect(!auth.accepts("S3cret"))
    }

    @Test func constantTimeCompareHandlesLengthDifferences() {
        #expect(Authenticator.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Authenticator.constantTimeEquals([], [1]))
        #expect(!Authenticator.constantTimeEquals([1, 2, 3, 0], [1, 2, 3]))
        #expect(!Authenticator.constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
