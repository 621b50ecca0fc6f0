import IILogsReports
import Testing

@Suite struct VariableMaskerTests {
    func masked(_ s: String) -> String { VariableMasker.tokens(s).joined(separator: " ") }

    @Test(arguments: [
        ("10.0.0.1", "<IP>"), ("10.0.0.1:8080,", "<IP>,"), ("192.168.0.0/16", "<IP>"), ("999.1.1.1", "<NUM>"),
        ("fe80::1ff:fe23:4567:890a", "<IP>"), ("2001:db8:0:0:0:0:2:1", "<IP>"), ("12:30:45", "<NUM>:<NUM>:<NUM>"),
        ("550e8400-e29b-41d4-a716-446655440000", "<UUID>"), ("0xdeadbeef", "<HEX>"), ("a3f9c2e1b7", "<HEX>"), ("deadbeefcafe", "deadbeefcafe"),
        ("/var/log/syslog", "<PATH>"), ("(/etc/nginx/nginx.conf)", "(<PATH>)"), ("./run.sh", "<PATH>"), ("/", "/"),
        ("https://api.example.com/v1?x=1", "<URL>"), ("250ms", "<DURATION>"), ("1h2m3s", "<DURATION>"), ("1.5s", "<DURATION>"),
        ("42", "<NUM>"), ("-3.14", "<NUM>"), ("1e-9", "<NUM>"), ("8123456kB,", "<NUM>,"), ("97%", "<NUM>"),
        ("pid=1234", "pid=<NUM>"), ("user=root", "user=root"), ("Foo.java:123)", "Foo.java:<NUM>)"), ("sshd[4242]:", "sshd[<NUM>]:"),
        ("eth0", "eth0"), ("sha256", "sha256"), ("can't", "can't"), ("[1843.229115]", "[<NUM>]"),
    ])
    func token(_ input: String, _ expected: String) {
        #expect(masked(input) == expected)
    }

    @Test func quotedStrings() {
        #expect(masked(#"user 'bob' not found in "main db", can't retry"#) == "user <STR> not found in <STR>, can't retry")
        #expect(masked(#"path="/a b/c" ok"#) == "path=<STR> ok")
        #expect(masked(#"unclosed "quote here"#) == #"unclosed "quote here"#)
        #expect(VariableMasker.tokens(#"a "b c""#, maskQuotedStrings: false) == ["a", "\"b", "c\""])
    }

    @Test func maskingOffSplitsOnly() {
        #expect(VariableMasker.tokens("port 22\tok", maskVariables: false, maskQuotedStrings: false) == ["port", "22", "ok"])
    }
}
