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
        // A port that was bound and released: nothing listens there now.
        let port = try await WebhookTestReceiver.with(respond: { _, _ in 200 }) { $0.port }
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
