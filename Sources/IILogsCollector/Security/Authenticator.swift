/// Checks the token an agent presents in its hello: the fleet token, or the instance's own token
/// derived from one of the instance secrets (``InstanceToken``).
///
/// Every comparison takes the same time whatever the first differing byte is, and every configured
/// credential is compared (no early exit), so a network observer cannot guess a token byte by byte.
/// With neither a fleet token nor an instance secret, every agent is accepted.
public struct Authenticator: Sendable, Hashable {
    private let fleetToken: [UInt8]?
    private let instanceSecrets: [[UInt8]]

    /// `fleetToken` nil or empty: no fleet token. `instanceSecrets`: the current secret and, while
    /// rotating, the previous one.
    public init(fleetToken: String?, instanceSecrets: [[UInt8]] = []) {
        if let fleetToken, !fleetToken.isEmpty {
            self.fleetToken = Array(fleetToken.utf8)
        } else {
            self.fleetToken = nil
        }
        self.instanceSecrets = instanceSecrets
    }

    /// True when no credential is configured.
    public var isOpen: Bool { fleetToken == nil && instanceSecrets.isEmpty }

    /// True when `token` is the fleet token or `instanceID`'s token under a configured secret (or nothing is configured).
    public func accepts(_ token: String, instanceID: String) -> Bool {
        if isOpen { return true }
        let given = Array(token.utf8)
        var accepted = false
        if let fleetToken { accepted = Self.constantTimeEquals(given, fleetToken) || accepted }
        for secret in instanceSecrets {
            let expected = Array(InstanceToken.derive(secret: secret, instanceID: instanceID).utf8)
            accepted = Self.constantTimeEquals(given, expected) || accepted
        }
        return accepted
    }

    /// Why `token` was not accepted, for the refusal the agent gets and the collector logs. It describes the
    /// token only by its own shape (none, an instance token, something else) — never which configured
    /// credential it was compared with, nor whether a retired secret would have matched.
    public static func rejection(of token: String, instanceID: String) -> String {
        let problem: String
        if token.isEmpty {
            problem = "no token given"
        } else if token.hasPrefix(InstanceToken.prefix) {
            problem = "the instance token does not match any current instance secret"
                + " (derived for another instance, or from a retired secret: derive it again with `iilogs token`)"
        } else {
            problem = "neither the fleet token nor an instance token"
        }
        return "token rejected for instance \(instanceID): \(problem)"
    }

    /// Compares all of `expected`'s bytes whatever `given` holds; lengths differing is folded into the result.
    static func constantTimeEquals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt64 = UInt64(given.count ^ expected.count)
        for index in expected.indices {
            let other = index < given.count ? given[index] : ~expected[index]
            difference |= UInt64(other ^ expected[index])
        }
        return difference == 0
    }
}
