/// Checks the token an agent presents in its hello against the fleet token.
///
/// The comparison takes the same time whatever the first differing byte is, so a network observer
/// cannot guess the token byte by byte.
public struct Authenticator: Sendable, Hashable {
    private let expected: [UInt8]?

    /// `fleetToken` nil or empty accepts every agent.
    public init(fleetToken: String?) {
        if let fleetToken, !fleetToken.isEmpty {
            expected = Array(fleetToken.utf8)
        } else {
            expected = nil
        }
    }

    /// True when no token is configured.
    public var isOpen: Bool { expected == nil }

    /// True when `token` equals the fleet token (or no token is configured).
    public func accepts(_ token: String) -> Bool {
        guard let expected else { return true }
        return Self.constantTimeEquals(Array(token.utf8), expected)
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
