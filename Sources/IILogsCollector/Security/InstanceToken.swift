import Crypto

/// Per-instance agent tokens: `iit1-` and the hex HMAC-SHA256 of the instance ID under a fleet secret.
///
/// The provisioning system derives each instance's token when it launches the instance
/// (`iilogs token --instance ID --secret-file F`) and hands it to that instance's agent (`--token`). The
/// collector, holding the secret, recomputes it from the hello's instance ID: a token opens the wire
/// protocol for its own instance only, so a compromised instance cannot write (or raise flags) as
/// another. Two secrets may be valid at once while tokens are rotated (docs/SECURITY.md).
public enum InstanceToken {
    /// Version prefix of every token.
    public static let prefix = "iit1-"
    /// Shortest secret accepted.
    public static let minimumSecretBytes = 16

    /// The token of `instanceID` under `secret`.
    public static func derive(secret: [UInt8], instanceID: String) -> String {
        let message = Array("iilogs-instance-token:v1:\(instanceID)".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return prefix + WebhookSignature.hex(Array(code))
    }
}
