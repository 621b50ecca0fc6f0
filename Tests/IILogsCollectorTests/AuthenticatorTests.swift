import Testing
@testable import IILogsCollector

@Suite struct AuthenticatorTests {
    @Test func noTokenAcceptsAnyAgent() {
        #expect(Authenticator(fleetToken: nil).accepts("anything", instanceID: "i-1"))
        #expect(Authenticator(fleetToken: "").accepts("", instanceID: "i-1"))
        #expect(Authenticator(fleetToken: "").isOpen)
    }

    @Test func onlyTheExactTokenIsAccepted() {
        let auth = Authenticator(fleetToken: "s3cret")
        #expect(!auth.isOpen)
        #expect(auth.accepts("s3cret", instanceID: "i-1"))
        #expect(!auth.accepts("", instanceID: "i-1"))
        #expect(!auth.accepts("s3cre", instanceID: "i-1"))
        #expect(!auth.accepts("s3cret!", instanceID: "i-1"))
        #expect(!auth.accepts("S3cret", instanceID: "i-1"))
    }

    @Test func instanceTokensOpenTheirOwnInstanceOnlyAndTwoSecretsRotate() {
        let old = Array("old-secret-0123456789".utf8), new = Array("new-secret-0123456789".utf8)
        let tokenA = InstanceToken.derive(secret: new, instanceID: "i-a")
        #expect(tokenA.hasPrefix("iit1-") && tokenA.count == 5 + 64)
        #expect(tokenA == InstanceToken.derive(secret: new, instanceID: "i-a"), "derivation is deterministic")

        // During a rotation both secrets are valid; each token only for its own instance
        let rotating = Authenticator(fleetToken: nil, instanceSecrets: [new, old])
        #expect(!rotating.isOpen)
        #expect(rotating.accepts(tokenA, instanceID: "i-a"))
        #expect(rotating.accepts(InstanceToken.derive(secret: old, instanceID: "i-a"), instanceID: "i-a"))
        #expect(!rotating.accepts(tokenA, instanceID: "i-b"), "a compromised i-a cannot write as i-b")
        #expect(!rotating.accepts("", instanceID: "i-a"))

        // After the rotation the old secret has expired
        let rotated = Authenticator(fleetToken: nil, instanceSecrets: [new])
        #expect(!rotated.accepts(InstanceToken.derive(secret: old, instanceID: "i-a"), instanceID: "i-a"))
        #expect(rotated.accepts(tokenA, instanceID: "i-a"))

        // A fleet token and instance secrets together accept either
        let both = Authenticator(fleetToken: "fleet", instanceSecrets: [new])
        #expect(both.accepts("fleet", instanceID: "i-z") && both.accepts(tokenA, instanceID: "i-a"))
    }

    @Test func constantTimeCompareHandlesLengthDifferences() {
        #expect(Authenticator.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Authenticator.constantTimeEquals([], [1]))
        #expect(!Authenticator.constantTimeEquals([1, 2, 3, 0], [1, 2, 3]))
        #expect(!Authenticator.constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
