import IILogsCollector
import Testing

/// The `bad_token` refusal message says what kind of token was refused, never which credential would match.
@Suite struct AuthenticatorRejectionTests {
    @Test func theMessageDescribesTheTokenByItsShapeOnly() {
        let old = Array("old-secret-0123456789".utf8), new = Array("new-secret-0123456789".utf8)
        let retired = InstanceToken.derive(secret: old, instanceID: "i-a")
        let rotated = Authenticator(fleetToken: nil, instanceSecrets: [new])
        #expect(!rotated.accepts(retired, instanceID: "i-a"))
        #expect(Authenticator.rejection(of: retired, instanceID: "i-a")
                == "token rejected for instance i-a: the instance token does not match any current instance secret"
                + " (derived for another instance, or from a retired secret: derive it again with `iilogs token`)")
        // A token derived for another instance under the current secret reads the same: nothing says which secret matched
        let othersToken = InstanceToken.derive(secret: new, instanceID: "i-b")
        #expect(Authenticator.rejection(of: othersToken, instanceID: "i-a") == Authenticator.rejection(of: retired, instanceID: "i-a"))
        #expect(Authenticator.rejection(of: "", instanceID: "i-a") == "token rejected for instance i-a: no token given")
        #expect(Authenticator.rejection(of: "s3cret", instanceID: "i-a")
                == "token rejected for instance i-a: neither the fleet token nor an instance token")
    }
}
