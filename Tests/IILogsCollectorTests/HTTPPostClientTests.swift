#if canImport(Glibc)
import Glibc
#endif
import IILogsCore
import NIOCore
import Testing
@testable import IILogsCollector

@Suite struct HTTPPostClientTests {
    @Test func postsTheBodyAndReadsTheStatus() async throws {
        try await WebhookTestReceiver.with(respond: { _, _ in 202 }) { receiver in
            let client = HTTPPostClient(connectTimeout: .seconds(30), requestTimeout: .seconds(30))
            let url = try WebhookURL(parsing: "http://127.0.0.1:\(receiver.port)/in?x=1")
            let response = try await client.post(url, body: ByteBuffer(string: "{}"), headers: [("X-Test", "yes")])
            #expect(response.status == 202)
            #expect(String(buffer: response.body) == "ok")
            let request = try #require(receiver.received.first)
            #expect(request.requestLine == "POST /in?x=1 HTTP/1.1")
            #expect(request.headers["x-test"] == "yes")
            #expect(request.headers["host"] == "127.0.0.1:\(receiver.port)")
            #expect(request.body == Array("{}".utf8))
        }
    }

    @Test func aReceiverThatNeverAnswersTimesOut() async throws {
        try await WebhookTestReceiver.with(respond: { _, _ in 0 }) { receiver in
            let client = HTTPPostClient(connectTimeout: .seconds(30), requestTimeout: .milliseconds(300))
            let url = try WebhookURL(parsing: "http://127.0.0.1:\(receiver.port)/")
            let started = ContinuousClock.now
            do {
                _ = try await client.post(url, body: ByteBuffer(string: "{}"), headers: [])
                Issue.record("a silent receiver produced a response")
            } catch let error as HTTPPostError {
                #expect(error.code == .timeout)
            }
            #expect(ContinuousClock.now - started < .seconds(20), "the 300 ms request timeout ended it, not the receiver")
        }
    }

    @Test func aClosedPortIsAConnectionError() async throws {
        // A port held by a socket that is bound but never listens: connections are refused, and no other
        // test can take the port meanwhile (a released port could be reused by a parallel test's listener).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let client = HTTPPostClient(connectTimeout: .seconds(30), requestTimeout: .seconds(30))
        let url = try WebhookURL(parsing: "http://127.0.0.1:\(port)/")
        do {
            _ = try await client.post(url, body: ByteBuffer(), headers: [])
            Issue.record("a closed port answered")
        } catch {
            #expect(error.code == .connection)
        }
    }
}
