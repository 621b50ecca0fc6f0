import Testing
import IILogsCore

@Suite struct HostAndPortTests {
    @Test func parsesIPv4AndNames() {
        #expect(HostAndPort(parsing: "127.0.0.1:5170") == HostAndPort(host: "127.0.0.1", port: 5170))
        #expect(HostAndPort(parsing: "localhost:0") == HostAndPort(host: "localhost", port: 0))
        #expect(HostAndPort(parsing: "0.0.0.0:65535")?.port == 65535)
    }

    @Test func parsesBracketedIPv6() {
        let a = HostAndPort(parsing: "[::1]:5171")
        #expect(a == HostAndPort(host: "::1", port: 5171))
        #expect(a?.description == "[::1]:5171")
        #expect(a?.isLoopback == true)
    }

    @Test(arguments: ["", "host", ":80", "host:", "host:x", "host:65536", "host:-1", "::1:80", "[::1]80", "[::1", "h:123456"])
    func rejectsMalformed(text: String) {
        #expect(HostAndPort(parsing: text) == nil)
    }

    @Test func loopbackDetection() {
        #expect(HostAndPort(host: "127.0.0.1", port: 1).isLoopback)
        #expect(!HostAndPort(host: "0.0.0.0", port: 1).isLoopback)
        #expect(!HostAndPort(host: "10.0.0.1", port: 1).isLoopback)
    }
}
