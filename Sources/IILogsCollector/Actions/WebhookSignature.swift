import Crypto

/// HMAC-SHA256 signing of webhook bodies (docs/WEBHOOKS.md).
///
/// The collector sends `X-IILogs-Signature: sha256=<64 lowercase hex digits>`, the HMAC-SHA256 of the
/// exact body bytes under the endpoint's secret. A receiver recomputes it over the raw body it read
/// (before any JSON parsing) and compares in constant time.
public enum WebhookSignature {
    /// Header carrying `sha256=<hex>`.
    public static let signatureHeader = "X-IILogs-Signature"
    /// Header carrying the notification's `id` (the same on every retry).
    public static let deliveryHeader = "X-IILogs-Delivery"
    /// Header carrying the attempt's send time, RFC 3339 (informational; not signed).
    public static let timestampHeader = "X-IILogs-Timestamp"
    /// Header carrying the notification's kind (`instance_flagged`, `image_verdict_changed`).
    public static let eventHeader = "X-IILogs-Event"
    /// Prefix of the signature header's value.
    public static let scheme = "sha256="

    /// The raw HMAC-SHA256 of `body` under `secret`.
    public static func hmacSHA256(key secret: some Sequence<UInt8>, message body: some Sequence<UInt8>) -> [UInt8] {
        let key = SymmetricKey(data: Array(secret))
        return Array(HMAC<SHA256>.authenticationCode(for: Array(body), using: key))
    }

    /// The signature header's value for `body`: `sha256=` and the lowercase hex HMAC.
    public static func headerValue(secret: String, body: some Sequence<UInt8>) -> String {
        scheme + hex(hmacSHA256(key: Array(secret.utf8), message: body))
    }

    /// True when `header` is a valid signature of `body` under `secret` (constant-time comparison).
    public static func verify(header: String, secret: String, body: some Sequence<UInt8>) -> Bool {
        let expected = Array(headerValue(secret: secret, body: body).utf8)
        let given = Array(header.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }

    /// Lowercase hexadecimal.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
