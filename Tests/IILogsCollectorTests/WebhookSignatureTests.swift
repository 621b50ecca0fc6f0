import Testing
@testable import IILogsCollector

@Suite struct WebhookSignatureTests {
    /// RFC 4231 section 4, HMAC-SHA-256 results (test case 5 is a truncated output and is left out).
    static let vectors: [(key: [UInt8], data: [UInt8], hex: String)] = [
        (Array(repeating: 0x0B, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (Array(repeating: 0xAA, count: 20), Array(repeating: 0xDD, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), Array(repeating: 0xCD, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (Array(repeating: 0xAA, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (Array(repeating: 0xAA, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: 0..<6) func rfc4231Vectors(index: Int) {
        let vector = Self.vectors[index]
        #expect(WebhookSignature.hex(WebhookSignature.hmacSHA256(key: vector.key, message: vector.data)) == vector.hex)
    }

    @Test func headerValueIsPrefixedLowercaseHexOverTheExactBody() {
        // Same value as Python: hmac.new(b"0123456789abcdef-secret", b'{"a":1}', hashlib.sha256).hexdigest()
        let header = WebhookSignature.headerValue(secret: "0123456789abcdef-secret", body: Array(#"{"a":1}"#.utf8))
        #expect(header == "sha256=f1de0b1f536cd482111880e061b09812d21bc2ba2051cee7add407db82395ae9")
    }

    @Test func verifyAcceptsOnlyTheRightSecretAndBody() {
        let body = Array(#"{"id":"n-1"}"#.utf8)
        let header = WebhookSignature.headerValue(secret: "a-secret-of-16-bytes", body: body)
        #expect(WebhookSignature.verify(header: header, secret: "a-secret-of-16-bytes", body: body))
        #expect(!WebhookSignature.verify(header: header, secret: "another-secret-16b", body: body))
        #expect(!WebhookSignature.verify(header: header, secret: "a-secret-of-16-bytes", body: body + [0x20]))
        #expect(!WebhookSignature.verify(header: String(header.dropLast()), secret: "a-secret-of-16-bytes", body: body))
    }
}
