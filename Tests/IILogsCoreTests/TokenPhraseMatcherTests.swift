import IILogsCore
import Testing

@Suite("TokenPhraseMatcher")
struct TokenPhraseMatcherTests {
    @Test(arguments: [
        ("disk full", "write failed: Disk FULL on /var", true),
        ("time", "timeout", false),
        ("time", "runtime", false),
        ("time", "time out", true),
        ("time", "TIME", true),
        ("db-primary", "to db-primary after", true),
        ("/healthz 200", "GET /healthz 200 1ms", true),
        ("=42", "id=42", true),
        ("=4", "id=42", false),
        ("ünï", "ünïcödé", false),
        ("ünïcödé", "x ünïcödé y", true),
        ("", "anything", true),
        ("long phrase", "long", false),
    ])
    func matchesOnTokenBoundaries(phrase: String, text: String, expected: Bool) {
        #expect(TokenPhraseMatcher(phrase: phrase).matches(text) == expected)
    }

    @Test func tokenHashesAreTheIndexableTokens() {
        #expect(TokenPhraseMatcher(phrase: "Disk FULL 42").tokenHashes == Tokenizer.indexableTokenHashes(of: "disk full"))
    }
}
