import IILogsReports
import Testing

@Suite struct HTTPEndpointTests {
    @Test func parsesHostPortAndPrefix() throws {
        let e = try HTTPEndpoint(parsing: "http://127.0.0.1:5171/api/")
        #expect(e.host == "127.0.0.1")
        #expect(e.port == 5171)
        #expect(e.basePath == "/api")
    }

    @Test func parsesIPv6AndDefaultPort() throws {
        #expect(try HTTPEndpoint(parsing: "http://[::1]:9000") == HTTPEndpoint(host: "::1", port: 9000))
        #expect(try HTTPEndpoint(parsing: "collector.internal") == HTTPEndpoint(host: "collector.internal", port: 80))
    }

    @Test func parsesHTTPSWithItsDefaultPort() throws {
        let e = try HTTPEndpoint(parsing: "https://collector.internal/api")
        #expect(e == HTTPEndpoint(host: "collector.internal", port: 443, basePath: "/api", usesTLS: true))
        #expect(e.description == "https://collector.internal:443/api")
        #expect(try HTTPEndpoint(parsing: "https://127.0.0.1:8443").port == 8443)
        #expect(try HTTPEndpoint(parsing: "http://127.0.0.1:8443").usesTLS == false)
    }

    @Test(arguments: ["https://:1", "http://:80", "http://h:notaport", "http://h:70000", "http://[::1"])
    func refusesWithAMessage(_ text: String) {
        #expect(throws: ClientError.self) { try HTTPEndpoint(parsing: text) }
    }
}
